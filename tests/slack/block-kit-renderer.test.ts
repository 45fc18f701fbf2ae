// The Block Kit renderer, mrkdwn escaping and command-text parsing, as tables of given/then rows.
import { describe, expect, it } from 'vitest';
import { decodeActionId, encodeActionId, marksOf } from '../../adapters/slack/action-ids.ts';
import { LIMITS, renderMessage } from '../../adapters/slack/block-kit-renderer.ts';
import { parseCommandText } from '../../adapters/slack/event-translation.ts';
import { formToModal, readFormMetadata, submittedValues } from '../../adapters/slack/form-modal.ts';
import { escapeMrkdwn, renderRichText, splitMrkdwn } from '../../adapters/slack/mrkdwn.ts';
import { requestIdOf } from '../../adapters/slack/request-dedupe.ts';
import { selectSlackMode } from '../../adapters/slack/slack-app.ts';
import { classifyCode, toDeliveryError } from '../../adapters/slack/slack-errors.ts';
import { bold, mention, plain } from '../../src/core/rich-text.ts';
import { oversizedMessage } from './demo-feature.ts';

type AnyBlock = { type: string; text?: { text: string }; elements?: Array<{ text?: { text: string } | string; action_id?: string; value?: string; placeholder?: { text: string }; options?: unknown[] }> };

function checkLimits(blocks: AnyBlock[], maxBlocks: number = LIMITS.blocksPerMessage) {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(13_000);
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    if (block.type === 'actions') {
      expect(block.elements!.length).toBeLessThanOrEqual(LIMITS.actionsElements);
      const ids = block.elements!.map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const e of block.elements!) {
        if (typeof e.text === 'object') expect(e.text.text.length).toBeLessThanOrEqual(LIMITS.buttonLabel);
        if (e.value) expect(e.value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
        if (e.placeholder) expect(e.placeholder.text.length).toBeLessThanOrEqual(LIMITS.placeholder);
        if (e.options) expect(e.options.length).toBeLessThanOrEqual(LIMITS.selectOptions);
      }
    }
  }
}

describe('mrkdwn', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['&lt;', '&amp;lt;'],
    ['@everyone', '@everyone'],
  ])('escapes %j as %j', (given, then) => {
    expect(escapeMrkdwn(given)).toBe(then);
  });

  it.each([
    [[bold(' vet ')], ' *vet* '],
    [[{ type: 'text' as const, text: 'code`x', style: 'code' as const }], '`codeˋx`'],
    [[mention('U0ANNA0001', 'Anna')], '<@U0ANNA0001>'],
    [[mention('not-a-slack-id', 'Anna')], '@Anna'],
    [[mention('not-a-slack-id', '*Anna*')], '@∗Anna∗'],
    [plain('*vet* _schuin_ ~weg~ `code` snake_case 2*3 a * b ~ c ` d'), '∗vet∗ ˍschuinˍ ∼weg∼ ˋcodeˋ snake_case 2*3 a * b ~ c ˋ d'],
    [plain('regel\n> citaat\n  > ook &lt;'), 'regel\n\u200B&gt; citaat\n  \u200B&gt; ook &amp;lt;'],
    [plain('zie https://example.org/a_b_*c* en mailto:a_b@x.nl'), 'zie https://example.org/a_b_*c* en mailto:a_b@x.nl'],
    [[{ type: 'link' as const, url: 'https://example.org/a?b=1&c=2', label: 'hand|boek' }], '<https://example.org/a?b=1&amp;c=2|hand∣boek>'],
    [[{ type: 'link' as const, url: 'javascript:alert(1)', label: 'x' }], 'x (javascript:alert(1))'],
  ])('renders %j as %j', (given, then) => {
    expect(renderRichText(given)).toBe(then);
  });

  it('splits long text on line breaks without breaking an entity', () => {
    const text = `${'a'.repeat(2_990)}&amp;b\n${'c'.repeat(100)}`;
    const pieces = splitMrkdwn(text, 3_000);
    expect(pieces.every((p) => p.length <= 3_000)).toBe(true);
    expect(pieces.join('')).not.toMatch(/&am(?!p;)/);
  });
});

describe('command text from Slack', () => {
  it.each([
    ['rol trekker <@U0BRAM0001|bram>', 'rol trekker <@U0BRAM0001>', [['<@U0BRAM0001>', 'U0BRAM0001', 'bram']]],
    ['rol deelnemer <@U0A|a> <@U0B>', 'rol deelnemer <@U0A> <@U0B>', [['<@U0A>', 'U0A', 'a'], ['<@U0B>', 'U0B', 'U0B']]],
    ['start &lt;@U0VICTIM01&gt; Zorg &amp; Welzijn', 'start <@U0VICTIM01> Zorg & Welzijn', []],
    ['start <!channel> <!here|here> <!subteam^S123|@team>', 'start @channel @here @@team', []],
    ['start <#C0123|leernetwerk> <https://x.nl|site>', 'start #leernetwerk site (https://x.nl)', []],
    ['a\u0000 0\u0000 <@U0C>', 'a 0 <@U0C>', [['<@U0C>', 'U0C', 'U0C']]],
    // Slack links a typed web or mail address itself; the person typed only the label.
    ['sessie 2027-03-11 14:00 stadhuis, zie <http://www.leiden.nl|www.leiden.nl>', 'sessie 2027-03-11 14:00 stadhuis, zie www.leiden.nl', []],
    ['vier mail <mailto:info@stadhuis.nl|info@stadhuis.nl> of <https://x.nl/a_b> <https://y.nl|https://y.nl>', 'vier mail info@stadhuis.nl of https://x.nl/a_b https://y.nl', []],
    // An unclosed token never swallows the next one (a token part holding "<" would make parsing quadratic).
    ['<#<@U0D|dirk> <!x', '<#<@U0D> <!x', [['<@U0D>', 'U0D', 'dirk']]],
  ])('%j reads as %j', (given, text, mentions) => {
    const parsed = parseCommandText(given);
    expect(parsed.text).toBe(text);
    expect(parsed.mentions.map((m) => [m.token, m.userId, m.displayName])).toEqual(mentions);
  });
});

describe('Block Kit renderer', () => {
  it('keeps an oversized message within every limit, split over at most three messages', () => {
    const pages = renderMessage(oversizedMessage(), { maxMessages: 3 });
    expect(pages.length).toBeLessThanOrEqual(3);
    for (const page of pages) {
      checkLimits(page.blocks as AnyBlock[]);
      expect(page.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    }
    // Nothing fits in three messages here, so the last one says something was left out.
    expect(JSON.stringify(pages.at(-1)!.blocks.at(-1))).toContain('…');
  });

  it('a list longer than its messages hold ends with how many items were left out', () => {
    const items = Array.from({ length: 400 }, (_, i) => plain(`Succes ${i + 1}: twaalf organisaties aan tafel bij de eerste sessie van het netwerk`));
    const pages = renderMessage({ summary: 's', blocks: [{ type: 'list', items }] }, { maxMessages: 2 });
    expect(pages).toHaveLength(2);
    const shown = pages.flatMap((page) => page.blocks.flatMap((b: any) => String(b.text?.text ?? '').split('\n'))).filter((line) => line.startsWith('• Succes')).length;
    // Before: a bare "…", and nobody could tell that most of the list was missing.
    expect(pages[1]!.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: `… (+${400 - shown})` }] });
  });

  it('cuts to one message for surfaces that take one (ephemeral answers, updates)', () => {
    const [page, ...rest] = renderMessage(oversizedMessage());
    expect(rest).toEqual([]);
    checkLimits(page!.blocks as AnyBlock[]);
  });

  it('splits 60 buttons into actions blocks of 25 with unique action ids that decode back', () => {
    const message = { summary: 's', blocks: [{ type: 'actions' as const, buttons: Array.from({ length: 60 }, (_, i) => ({ actionId: 'pulse.vote', value: String(i), label: `${i}` })) }] };
    const [page] = renderMessage(message);
    const blocks = page!.blocks as AnyBlock[];
    expect(blocks.map((b) => b.elements!.length)).toEqual([25, 25, 10]);
    const ids = blocks.flatMap((b) => b.elements!.map((e) => e.action_id!));
    expect(new Set(ids).size).toBe(60);
    expect(new Set(ids.map(decodeActionId))).toEqual(new Set(['pulse.vote']));
  });

  it.each([
    ['pulse.vote', 3, {}, 'pulse.vote~3'],
    ['advice.topic', 0, {}, 'advice.topic~0'],
    ['advice.topic', 15, { repeated: true }, 'advice.topic~15r'],
    ['nudge.done', 12, { page: 3 }, 'nudge.done~12p3'],
    ['advice.topic', 9, { page: 10, repeated: true }, 'advice.topic~9rp10'],
  ])('encodes %s at %i (%o) as %s and back', (actionId, position, marks, encoded) => {
    expect(encodeActionId(actionId, position, marks)).toBe(encoded);
    expect(decodeActionId(encoded)).toBe(actionId);
    expect(marksOf(encoded)).toEqual({ repeated: false, ...marks });
  });

  it('numbers each page of a message sent in pages in its action_ids, within 255 characters, at the limit too', () => {
    // The longest action id the core takes from a press (100 characters), on a message of ten pages.
    const longest = 'a'.repeat(100);
    const task = (i: number) => [
      { type: 'section' as const, text: plain(`Taak ${i}: ${'x'.repeat(2_900)}`) },
      { type: 'actions' as const, buttons: [{ actionId: longest, value: `t${i}`, label: 'Gedaan' }, { actionId: 'advice.topic', value: 'sb-1', label: 'Handboek' }] },
    ];
    const message = { summary: 's', blocks: Array.from({ length: 40 }, (_, i) => task(i)).flat() };
    const pages = renderMessage(message, { maxMessages: 10 });
    expect(pages).toHaveLength(10);
    const actionIds = (blocks: unknown[]) => (blocks as AnyBlock[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.action_id!));
    const ids = pages.map((page) => actionIds(page.blocks));
    expect(ids.flat().every((id) => id.length <= LIMITS.actionId)).toBe(true);
    expect(ids.map((page) => [...new Set(page.map((id) => marksOf(id).page))])).toEqual(pages.map((_, i) => [i + 1]));
    expect(new Set(ids.flat().map(decodeActionId))).toEqual(new Set([longest, 'advice.topic']));
    // The handbook button every task shares is marked as repeated, the task's own button not.
    expect(ids.flat().map((id) => [decodeActionId(id), marksOf(id).repeated])).toContainEqual(['advice.topic', true]);
    expect(ids.flat().filter((id) => decodeActionId(id) === longest).every((id) => !marksOf(id).repeated)).toBe(true);
    for (const page of pages) expect(JSON.stringify(page.blocks).length).toBeLessThanOrEqual(LIMITS.messageChars + 200);
    // A page drawn again in place keeps its number; a message of one page has none.
    expect(new Set(actionIds(renderMessage(message, { maxMessages: 2, fromBlock: 6, page: 4 })[0]!.blocks).map((id) => marksOf(id).page))).toEqual(new Set([4]));
    expect(actionIds(renderMessage({ summary: 's', blocks: task(0) })[0]!.blocks).map((id) => marksOf(id).page)).toEqual([undefined, undefined]);
  });

  it('renders every block type of the core', () => {
    const [page] = renderMessage({
      summary: 'Alles <!channel>',
      blocks: [
        { type: 'heading', text: 'Kop' },
        { type: 'section', text: plain('tekst') },
        { type: 'context', text: plain('klein') },
        { type: 'list', items: [plain('een'), plain('twee')], ordered: true },
        { type: 'divider' },
        { type: 'actions', buttons: [{ actionId: 'a.b', value: 'v', label: 'Knop', style: 'danger' }] },
        { type: 'choices', choice: { actionId: 'c.d', placeholder: 'Kies', options: [{ label: 'A', value: 'a' }] } },
      ],
    });
    expect(page!.text).toBe('Alles &lt;!channel&gt;');
    expect(page!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'section', 'divider', 'actions', 'actions']);
    expect(JSON.stringify(page!.blocks[3])).toContain('1. een\\n2. twee');
  });
});

describe('forms as modals', () => {
  it('carries form id, context and conversation through private_metadata and reads values back', () => {
    const view = formToModal(
      { formId: 'wins.share', title: 'T'.repeat(50), submitLabel: 'Delen', context: 'n1', fields: [{ id: 'what', label: 'Wat', kind: 'text', required: true }] },
      { kind: 'channel', id: 'C1' },
    );
    expect(readFormMetadata(view['private_metadata'] as string)).toEqual({ formId: 'wins.share', context: 'n1', conversation: { kind: 'channel', id: 'C1' } });
    expect(readFormMetadata('{"formId":1}')).toBeUndefined();
    expect(submittedValues({ values: { what: { value: { value: 'x' } }, empty: { value: { value: null } }, pick: { value: { selected_option: { value: 'p' } } } } })).toEqual({ what: 'x', pick: 'p' });
  });
});

describe('request ids for dedupe', () => {
  it.each([
    [{ type: 'event_callback', event_id: 'Ev1', trigger_id: 't' }, 'event:Ev1'],
    [{ type: 'block_actions', trigger_id: 't1' }, 'trigger:t1'],
    [{ type: 'view_closed' }, 'hash:h'],
  ])('%j has id %s', (body, id) => {
    expect(requestIdOf(body, 'h')).toBe(id);
  });
});

describe('mode selection and error classification', () => {
  it.each([
    [{ appToken: 'xapp-1' }, 'socket'],
    [{}, 'http'],
  ])('%j runs in %s mode', (config, mode) => {
    expect(selectSlackMode(config)).toBe(mode);
  });

  it.each([
    ['not_in_channel', 'permanent'],
    ['ratelimited', 'transient'],
    ['internal_error', 'transient'],
    ['some_new_code', 'transient'],
  ])('%s is %s', (code, kind) => {
    expect(classifyCode(code).kind).toBe(kind);
  });

  it('an unknown thrown value is transient, never an exception of its own', () => {
    expect(toDeliveryError(undefined).kind).toBe('transient');
    expect(toDeliveryError({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 }).retryAfterMs).toBe(3_000);
  });
});
