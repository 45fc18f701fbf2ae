// What an answer shows must stand on its own in a chat: no list announced that the reader never sees, no figure pointed at.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerMessage } from '../../src/features/advice/advice-messages.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import type { KnowledgeEntry } from '../../src/knowledge/schema.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const prompts = loadPrompts(path.join(root, 'prompts'));
const kb = sharedEngine().kb;
const langs = ['nl', 'en'] as const;

/** The approach paragraphs and tips as a member sees them under the title (shortened), one per line. */
function shownAdvice(entry: KnowledgeEntry, lang: 'nl' | 'en'): string[] {
  const lines = messageToPlainText(answerMessage(entry, kb, prompts.translator(lang), { interactive: false })).split('\n');
  const from = lines.indexOf(lang === 'nl' ? 'Aanpak' : 'Approach') + 1;
  const to = lines.findIndex((line) => /^(Bron|Source): /.test(line));
  return lines.slice(from, to).filter((line) => line !== 'Tips').map((line) => line.replace(/^• /, ''));
}

// "drie vragen", "four things", "the following steps": a count of items, whose items must follow in the same sentence.
const announcement =
  /\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|de volgende|two|three|four|five|six|seven|eight|nine|ten|the following)\s+(?:[\p{L}-]+\s+){0,2}?(?:vragen|dingen|stappen|punten|zaken|aandachtspunten|elementen|onderdelen|lagen|perspectieven|niveaus|manieren|taken|questions|things|steps|points|matters|elements|parts|layers|perspectives|levels|ways|tasks)\b/giu;

describe('the advice an answer shows', () => {
  it('never announces a list it does not show: items follow the count in the same sentence (outside review: "Denk vooraf na over drie vragen.")', () => {
    const found: string[] = [];
    for (const entry of kb.entries) {
      for (const lang of langs) {
        for (const line of shownAdvice(entry, lang)) {
          if (/:\s*$/.test(line)) found.push(`${entry.id} ${lang}: ${line}`);
          for (const match of line.matchAll(announcement)) {
            const rest = line.slice(match.index + match[0].length);
            if (!/^[^.!?]*[:(]/.test(rest)) found.push(`${entry.id} ${lang}: ${match[0]} | ${line}`);
          }
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('shows all three checks for closing well, in the approach itself', () => {
    for (const [lang, words] of [
      ['nl', ['vastgelegd', 'vaste plek', 'opleidingen']],
      ['en', ['recorded', 'permanent place', 'training']],
    ] as const) {
      const securing = shownAdvice(kb.byId.get('afsluiten')!, lang).find((line) => line.includes(words[0]))!;
      for (const word of words) expect(securing, lang).toContain(word);
    }
  });

  // Outside review: the answer to "wat is mijn taak als trekker en wat doet de procesbegeleider?" pointed at "the figure in hoofdstuk 5".
  it('says who prepares what for a session instead of pointing at the handbook figure', () => {
    const dutch = shownAdvice(kb.byId.get('sessie-voorbereiden')!, 'nl').join('\n');
    expect(dutch).toMatch(/^De trekker zorgt .*de agenda rondsturen en de presentatie maken\.$/m);
    expect(dutch).toMatch(/^De procesbegeleider zorgt .*de catering regelen\.$/m);
    const english = shownAdvice(kb.byId.get('sessie-voorbereiden')!, 'en').join('\n');
    expect(english).toMatch(/^The network lead mainly takes care .*making the presentation\.$/m);
    expect(english).toMatch(/^The process facilitator mainly takes care .*arranging the catering\.$/m);
  });

  it('points at no figure, image or page of a document, in any text of any entry', () => {
    const unseen = /\b(?:figuur|figure|afbeelding|plaatje|pagina|page \d|p\. \d)\b|\bzie (?:de )?(?:tabel|figuur)|\bsee (?:the )?(?:table|figure)/i;
    for (const entry of kb.entries) {
      for (const lang of langs) {
        const { title, summary, approach, tips, workForms, reflectionQuestions } = entry[lang];
        for (const text of [title, summary, ...approach, ...tips, ...workForms, ...reflectionQuestions]) expect(text, entry.id).not.toMatch(unseen);
      }
    }
  });
});
