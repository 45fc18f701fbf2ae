// data/advice/context-names.json makes place, people and organisation names weak words: they say where a question
// is set or with whom ("een leernetwerk in Groningen", "met de GGD"). A word the handbook itself uses would lose its
// weight in every question, so none may be listed ("Wijk bij Duurstede" would have made "wijk" weak).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import { createAnalyzer } from '../../src/advice/analyzer.ts';
import { assembleLanguageIndex } from '../../src/advice/entry-index.ts';
import { analyseHandbook } from '../../src/advice/handbook-index.ts';
import { buildWordClasses, contextNameWords } from '../../src/advice/stopwords.ts';
import { root, sharedEngine } from './engine-fixture.ts';

describe('context names', () => {
  const data = loadAdviceData(path.join(root, 'data'));
  const { kb, engine } = sharedEngine();

  it('are never words the handbook or its situations use, in either language', () => {
    const handbook = analyseHandbook(kb, data);
    const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
    const indexes = { nl: assembleLanguageIndex(handbook.languages.nl), en: assembleLanguageIndex(handbook.languages.en) };
    const used = contextNameWords(data.contextNames).filter((word) =>
      (['nl', 'en'] as const).some((lang) => {
        const stem = analyzer.stemWord(word, lang);
        return stem !== null && indexes[lang].documentFrequency.has(stem);
      }),
    );
    expect([...new Set(used)]).toEqual([]);
  });

  it('neither make a question look out of scope nor are named as what the handbook lacks', () => {
    for (const [question, lang] of [
      ['Hoe start ik een leernetwerk in Groningen?', 'nl'],
      ['Hoe betrek ik jongeren uit Rotterdam-Zuid bij het netwerk?', 'nl'],
      ['We zitten met het Leger des Heils en de GGD aan tafel, hoe verdelen we de rollen?', 'nl'],
      ['Can we run the network in English with our Belgian partners?', 'en'],
      // A name holding a place is a place; capitalised handbook words are a phrase, not a product like "Teams".
      ['Hoe sluiten we het leernetwerk netjes af nu het project met de Universiteit Leiden stopt?', 'nl'],
      ['Wij werken vanuit de gemeente Zwolle, afdeling Sociaal Domein: hoe bereiden we de kwartaalbijeenkomst voor?', 'nl'],
      // The problem a network works on is its theme, not the question: the handbook's method is the same.
      ['wij starten in januari een leernetwerk in Zwolle over armoede, waar begin ik eigenlijk?', 'nl'],
    ] as const) {
      const answer = engine.ask(question);
      expect(answer.lang).toBe(lang);
      expect(answer.abstained, question).toBe(false);
      expect(answer.missing, question).toEqual([]);
    }
  });

  it('leave other names as they were: a place far from any network still names what the handbook lacks', () => {
    expect(engine.ask('Hoe laat is het nu in Tokio?')).toMatchObject({ abstained: true, missing: ['Tokio'] });
    expect(engine.ask('Hoe vergaderen we in Teams?').abstained).toBe(true);
  });
});
