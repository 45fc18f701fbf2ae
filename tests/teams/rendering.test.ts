// The neutral message model as Adaptive Cards: valid against the 1.5 schema, escaped, within Teams' limits.
import { describe, expect, it } from 'vitest';
import { renderFormCard, renderMessage } from '../../adapters/teams/card-renderer.ts';
import { escapeCardText } from '../../adapters/teams/card-text.ts';
import { readSubmission } from '../../adapters/teams/card-actions.ts';
import { teamsLimits } from '../../adapters/teams/teams-limits.ts';
import type { Message } from '../../src/core/message.ts';
import { bold, mention, plain } from '../../src/core/rich-text.ts';
import { cardErrors } from './card-schema.ts';
import { MAX_ACTIVITY_BYTES } from './fake-bot-connector.ts';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
const activityBytes = (card: unknown, summary: string) => bytes({ type: 'message', summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] });

const everyBlock: Message = {
  summary: 'Alles',
  blocks: [
    { type: 'heading', text: 'Kop' },
    { type: 'section', text: [bold('Vet'), { type: 'text', text: ' en ' }, { type: 'text', text: 'schuin', style: 'italic' }, { type: 'text', text: ' en ' }, { type: 'text', text: 'code', style: 'code' }] },
    { type: 'context', text: [{ type: 'link', url: 'https://example.org/a(b)', label: 'bron' }] },
    { type: 'list', items: [plain('een'), plain('twee')], ordered: true },
    { type: 'divider' },
    { type: 'actions', buttons: Array.from({ length: 7 }, (_, i) => ({ actionId: `demo.${i}`, value: `v${i}`, label: `Knop ${i}`, ...(i === 0 ? { style: 'primary' as const } : i === 1 ? { style: 'danger' as const } : {}) })) },
    { type: 'choices', choice: { actionId: 'demo.kies', placeholder: 'Kies', options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] } },
  ],
  attachments: [{ filename: 'uitnodiging.ics', mimeType: 'text/calendar', content: 'BEGIN:VCALENDAR\nEND:VCALENDAR' }],
};

describe('Adaptive Card rendering', () => {
  it('renders every block type as a valid Adaptive Card 1.5', () => {
    const { cards } = renderMessage(everyBlock);
    expect(cards).toHaveLength(1);
    expect(cardErrors(cards[0])).toEqual([]);
    const actionSets = cards[0]!.body.filter((e) => e.type === 'ActionSet');
    // Seven buttons in rows of five, then the menu's OK button.
    expect(actionSets.map((s) => (s.actions as unknown[]).length)).toEqual([5, 2, 1]);
    expect(JSON.stringify(cards[0])).toContain('BEGIN:VCALENDAR');
    // No code style in Adaptive Cards: a command or short id is set apart in italics.
    expect(cards[0]!.body[1]!.text).toBe('**Vet** en _schuin_ en _code_');
    const bars = renderMessage({ summary: 'x', blocks: [{ type: 'list', items: [[{ type: 'text', text: '5 ███░░', style: 'code' }, ...plain(' 2')]] }] });
    expect(bars.cards[0]!.body[0]!.text).toBe('- 5 ███░░ 2');
  });

  it('a calendar file in a channel stays folded behind a button with its name, not shown as lines of VCALENDAR', () => {
    const { cards } = renderMessage(everyBlock);
    const body = cards[0]!.body;
    // Nothing of the file's text is on the card as it opens.
    expect(body.filter((e) => e.type === 'TextBlock').map((e) => e.text).join('\n')).not.toContain('VCALENDAR');
    const file = body.at(-1) as any;
    expect(file.items[0].actions).toEqual([{ type: 'Action.ToggleVisibility', title: '📅 uitnodiging.ics', tooltip: 'uitnodiging.ics', targetElements: ['liso-file-0'] }]);
    expect(file.items[1]).toMatchObject({ type: 'Container', id: 'liso-file-0', isVisible: false });
    expect(file.items[1].items[0].text).toContain('BEGIN:VCALENDAR');
    // Any other file (an export) is shown as text, as before.
    const exported = renderMessage({ summary: 'x', blocks: [], attachments: [{ filename: 'successen.md', mimeType: 'text/markdown', content: '# Successen' }] });
    expect(exported.cards[0]!.body.map((e) => e.text)).toEqual(['**successen.md**', '\\# Successen']);
  });

  it('a form is a card with inputs whose submit carries the form id and context', () => {
    const card = renderFormCard({
      formId: 'pulse.open',
      title: 'Open vraag',
      submitLabel: 'Versturen',
      context: 'p1',
      fields: [
        { id: 'answer', label: 'Wat kan beter?', kind: 'multiline', required: true, maxLength: 1000 },
        { id: 'who', label: 'Wie', kind: 'select', required: false, options: [{ label: 'Ik', value: 'me' }] },
      ],
    });
    expect(cardErrors(card)).toEqual([]);
    const submit = (card.body.at(-1)!.actions as any[])[0];
    expect(submit.data).toEqual({ lisoForm: 'pulse.open', lisoContext: 'p1' });
    expect(readSubmission({ ...submit.data, lisoField_answer: 'Meer tijd', lisoField_who: 'me' })).toEqual({ kind: 'form', formId: 'pulse.open', context: 'p1', values: { answer: 'Meer tijd', who: 'me' } });
  });

  it.each([
    ['<at>Bram</at> moet dit doen', /<\u200Bat>Bram<\u200B\/at>/],
    ['**niet vet** en _niet schuin_', /\\\*\\\*niet vet\\\*\\\* en \\_niet schuin\\_/],
    ['[klik hier](https://evil.example)', /\\\[klik hier\\\]\(https:\/\/evil.example\)/],
    ['- geen lijst\n1. ook niet\n# geen kop\n> geen citaat', /^\\- geen lijst\n1\\. ook niet\n\\# geen kop\n\\> geen citaat$/],
    ['<b>html</b> &amp; <script>', /<\u200Bb>html<\u200B\/b> &amp; <\u200Bscript>/],
    ['onzichtbaar\u202Eesrever\u200B', /^onzichtbaaresrever$/],
    ['gezin 👨\u200D👩\u200D👧 en e\u200Dveryone', /^gezin 👨\u200D👩\u200D👧 en everyone$/u],
  ])('user text %j never becomes markup', (typed, expected) => {
    expect(escapeCardText(typed)).toMatch(expected);
    const { cards } = renderMessage({ summary: typed, blocks: [{ type: 'section', text: plain(typed) }] });
    expect(cards[0]!.msteams.entities).toBeUndefined();
    expect(cardErrors(cards[0])).toEqual([]);
  });

  it('escapes list and heading markers only where a line starts: no needless backslash in "3.3" or a bold "1."', () => {
    const { cards } = renderMessage({
      summary: 'x',
      blocks: [
        { type: 'section', text: [...plain('mean '), bold('3.3'), ...plain(' from 4 answers')] },
        { type: 'section', text: [bold('1.'), ...plain(' The last session was worth it.')] },
        { type: 'section', text: [...plain('Typed: '), ...plain('- geen lijst')] },
        { type: 'section', text: [...plain('regel\n'), ...plain('2. wel aan het begin')] },
      ],
    });
    expect(cards[0]!.body.map((e) => e.text)).toEqual(['mean **3.3** from 4 answers', '**1.** The last session was worth it.', 'Typed: - geen lijst', 'regel\n2\\. wel aan het begin']);
  });

  it('shows commands in a channel the way they reach the bot there, by mention; a personal chat keeps /liso', () => {
    const message = { summary: 'x', blocks: [{ type: 'section' as const, text: [...plain('Deel het met '), { type: 'text' as const, text: '/liso vier', style: 'code' as const }, ...plain(', of kies uit /liso. Zie /liso-handleiding.')] }] };
    expect(renderMessage(message, { commandsByMention: true }).cards[0]!.body[0]!.text).toBe('Deel het met _@liso-bot vier_, of kies uit @liso-bot. Zie /liso-handleiding.');
    expect(renderMessage(message).cards[0]!.body[0]!.text).toBe('Deel het met _/liso vier_, of kies uit /liso. Zie /liso-handleiding.');
  });

  it('mentions only the people the core names, as Teams mention entities; names with markup are cleaned', () => {
    const { cards } = renderMessage({
      summary: 'x',
      blocks: [{ type: 'section', text: [mention('29:1bram', 'Bram <b>*Jansen*</b>'), ...plain(' en '), mention('U12345', 'Slack-persoon'), ...plain(' <at>Anna</at>')] }],
    });
    const card = cards[0]!;
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Bram bJansenb</at>', mentioned: { id: '29:1bram', name: 'Bram bJansenb' } }]);
    expect(card.body[0]!.text).toBe('<at>Bram bJansenb</at> en @Slack-persoon <\u200Bat>Anna<\u200B/at>');
    expect(cardErrors(card)).toEqual([]);
  });

  it('a name longer than a mention holds is cut after a whole word, marked with …', () => {
    // Before: "<at>Anna Maria Theresia Wilhelmina Wilhelmina Wilhelmina Wilhel</at>", cut unmarked in a word.
    const name = `Anna Maria Theresia ${'Wilhelmina '.repeat(6).trimEnd()}`;
    const card = renderMessage({ summary: 'x', blocks: [{ type: 'section', text: [mention('29:1anna', name)] }] }).cards[0]!;
    const shown = card.msteams.entities![0]!.mentioned.name;
    expect(card.msteams.entities![0]!.text).toBe(`<at>${shown}</at>`);
    expect(shown).toBe('Anna Maria Theresia Wilhelmina Wilhelmina Wilhelmina…');
    expect(cardErrors(card)).toEqual([]);
  });

  it('a 28 KB text is split over cards that each stay under Teams\' message limit', () => {
    const long = Array.from({ length: 700 }, (_, i) => `Regel ${i}: ${'tekst met ü en € '.repeat(2)}`).join('\n');
    expect(Buffer.byteLength(long)).toBeGreaterThan(28_000);
    const rendered = renderMessage({ summary: 'lang', blocks: [{ type: 'section', text: plain(long) }, { type: 'actions', buttons: [{ actionId: 'a.b', value: 'c', label: 'Knop' }] }] });
    expect(rendered.cards.length).toBeGreaterThan(1);
    for (const card of rendered.cards) {
      expect(cardErrors(card)).toEqual([]);
      expect(bytes(card)).toBeLessThanOrEqual(teamsLimits.cardBytes);
      expect(activityBytes(card, rendered.summary)).toBeLessThan(MAX_ACTIVITY_BYTES);
    }
    const text = rendered.cards.flatMap((c) => c.body.filter((e) => e.type === 'TextBlock').map((e) => e.text)).join('\n');
    expect(text).toContain('Regel 0:');
    expect(text).toContain('Regel 699:');
  });

  it('past five cards the text is cut with "…" but every button is kept', () => {
    const huge = 'woord '.repeat(60_000);
    const rendered = renderMessage({ summary: 'enorm', blocks: [{ type: 'section', text: plain(huge) }, { type: 'actions', buttons: [{ actionId: 'x.y', value: '1', label: 'Blijft' }] }] });
    expect(rendered.cards.length).toBeLessThanOrEqual(teamsLimits.cardsPerMessage);
    const all = JSON.stringify(rendered.cards);
    expect(all).toContain('"Blijft"');
    expect(all).toContain('…');
    for (const card of rendered.cards) expect(activityBytes(card, rendered.summary)).toBeLessThan(MAX_ACTIVITY_BYTES);
    // An edit keeps the number of cards it had.
    expect(renderMessage({ summary: 'enorm', blocks: [{ type: 'section', text: plain(huge) }] }, { maxCards: 1 }).cards).toHaveLength(1);
  });

  it('a list longer than its cards hold ends with how many items were left out', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => plain(`Succes ${i + 1}: twaalf organisaties aan tafel bij de eerste sessie van het netwerk`));
    const { cards } = renderMessage({ summary: 's', blocks: [{ type: 'list', items }] }, { maxCards: 1 });
    const texts = cards.flatMap((c) => c.body.filter((e) => e.type === 'TextBlock').map((e) => String(e.text)));
    const shown = texts.flatMap((text) => text.split('\n')).filter((line) => line.startsWith('- Succes')).length;
    // Before: a bare "…", and nobody could tell that most of the list was missing.
    expect(texts.at(-1)).toBe(`… (+${2_000 - shown})`);
  });

  it.each([
    [null, 'invalid'],
    ['string', 'invalid'],
    [{ lisoAction: 'nudge.done' }, 'invalid'],
    [{ lisoAction: 'x'.repeat(101), lisoValue: 'v' }, 'invalid'],
    [{ lisoAction: 'a', lisoValue: { nested: true } }, 'invalid'],
    [{ lisoAction: 'a', lisoChoice: 'elsewhere' }, 'invalid'],
    [{ lisoAction: 'a', lisoChoice: 'lisoChoice1' }, 'invalid'],
    [{ lisoAction: 'a', lisoChoice: 'lisoChoice1', lisoChoice1: 'b' }, 'button'],
    [{ lisoForm: 'f', lisoContext: 'c', lisoField_x: 42 }, 'invalid'],
    [{ lisoAction: 'pulse.vote', lisoValue: 'p1:q1:5', extra: 'ignored' }, 'button'],
  ])('tampered card data %j is read as %s', (data, kind) => {
    expect(readSubmission(data).kind).toBe(kind);
  });
});
