// data/advice/not-covered.json may only name subjects the handbook does not cover: a trigger that the
// handbook's own text uses ("WhatsApp-groep", "accreditatiepunten aanvragen", the Dutch verb "vat") would make
// the bot tell someone "Over … zegt het handboek niets." about something it does say.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import { createAnalyzer } from '../../src/advice/analyzer.ts';
import { buildWordClasses } from '../../src/advice/stopwords.ts';
import type { Lang } from '../../src/core/i18n.ts';
import type { EntryText } from '../../src/knowledge/schema.ts';
import { root, sharedEngine } from './engine-fixture.ts';

/**
 * Triggers the handbook uses only in passing, never for what it advises on; each says where, and why the
 * subject is still not covered.
 */
const USED_IN_PASSING: Readonly<Record<string, string>> = {
  uitkering: 'sb-betrokkenheid: a researcher who once lived on benefits, in a personal story; benefit rules are not covered',
  uitkeringen: 'the plural of uitkering',
  'on benefits': 'sb-betrokkenheid: the same story in English',
  insurance: 'leernetwerk-wanneer: a health insurer as a party that may commission a network; insurance is not covered',
  insured: 'the same stem as insurer',
  rates: 'delphi-belangrijkste: experts rated the principles; amounts and rates are not covered',
};

const LANGS: readonly Lang[] = ['nl', 'en'];

/** Everything an entry says in one language, keywords apart. */
const handbookTexts = (text: EntryText): string[] => [text.title, text.summary, ...text.approach, ...text.tips, ...text.workForms, ...text.reflectionQuestions];

describe('not-covered subjects', () => {
  it('are never named with words the handbook itself uses (in either language: triggers apply to both)', () => {
    const data = loadAdviceData(path.join(root, 'data'));
    const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
    const { kb } = sharedEngine();
    const handbookStems = (lang: Lang) => kb.entries.map((entry) => analyzer.allStems([...handbookTexts(entry[lang]), ...entry[lang].keywords].join(' \n '), lang));
    const texts = { nl: handbookStems('nl'), en: handbookStems('en') };
    const used: string[] = [];
    for (const topic of data.notCovered.topics) {
      for (const trigger of [...topic.when.nl, ...topic.when.en]) {
        if (USED_IN_PASSING[trigger]) continue;
        for (const lang of LANGS) {
          const phrase = analyzer.allStems(trigger, lang).join(' ');
          if (texts[lang].some((stems) => ` ${stems.join(' ')} `.includes(` ${phrase} `))) used.push(`${trigger} (${lang})`);
        }
      }
    }
    expect(used).toEqual([]);
  });

  it('are never named by a word pair that one sentence of the handbook holds', () => {
    const data = loadAdviceData(path.join(root, 'data'));
    const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
    const { kb } = sharedEngine();
    const sentences = (lang: Lang) =>
      kb.entries.flatMap((entry) =>
        handbookTexts(entry[lang])
          .flatMap((paragraph) => paragraph.split(/(?<=[.!?])\s+/))
          .map((sentence) => new Set(analyzer.allStems(sentence, lang))),
      );
    const texts = { nl: sentences('nl'), en: sentences('en') };
    const held: string[] = [];
    for (const topic of data.notCovered.topics) {
      for (const [first, second] of [...(topic.together?.nl ?? []), ...(topic.together?.en ?? [])]) {
        for (const lang of LANGS) {
          const [a, b] = [analyzer.stemAny(first, lang), analyzer.stemAny(second, lang)];
          if (texts[lang].some((stems) => stems.has(a) && stems.has(b))) held.push(`${first} + ${second} (${lang})`);
        }
      }
    }
    expect(held).toEqual([]);
  });
});
