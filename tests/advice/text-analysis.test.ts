// Table tests of the text pipeline: normalisation, tokens with name flags, stemming and language detection.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import { createAnalyzer } from '../../src/advice/analyzer.ts';
import { participleInfinitives, separableVerbCandidates, withoutPresentTenseT } from '../../src/advice/dutch-morphology.ts';
import { buildLanguageIndex } from '../../src/advice/entry-index.ts';
import { buildLanguageMarkers, detectLanguage } from '../../src/advice/language-detection.ts';
import { analyseQuestion } from '../../src/advice/query-analysis.ts';
import { stemmerFor } from '../../src/advice/stemming.ts';
import { buildWordClasses } from '../../src/advice/stopwords.ts';
import { triggerTable } from '../../src/advice/synonym-expansion.ts';
import { normalizeText, tokenize, tokenizeMarked, tokenizeQuestion } from '../../src/advice/text-normalization.ts';
import { loadKnowledgeBase } from '../../src/knowledge/knowledge-base.ts';

const root = path.resolve(import.meta.dirname, '../..');
const data = loadAdviceData(path.join(root, 'data'));

describe('normalizeText', () => {
  it.each([
    ['Hé, Één Ervaringsdeskundige!', 'he een ervaringsdeskundige'],
    ['<!channel> hoe <b>werkt</b> dit?', 'hoe werkt dit'],
    ['@everyone @here kick-off??', 'kick-off'],
    ['<@U123ABC> zie https://example.org/x?y=1 en www.liso.nl', 'zie en'],
    ['<https://example.org|de site> bekijken', 'de site bekijken'],
    ['**vet** _schuin_ `code` # kop', 'vet schuin code kop'],
    ["zo'n agenda's don't", 'zon agendas dont'],
    ['😀🎉 emoji 👍', 'emoji'],
    ['-streepje- en --dubbel', 'streepje en dubbel'],
    ['&amp; &nbsp; &#39;', ''],
    ['mail jan@example.org of bel', 'mail of bel'],
    ['x@'.repeat(50) + ' a.b.c', 'a b c'],
    ['-'.repeat(100) + 'x -- y' + '-'.repeat(100), 'x y'],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeText(raw)).toBe(expected);
  });
});

describe('tokenize', () => {
  it.each([
    ['na de kick-off', ['na', 'de', 'kick', 'off', 'kickoff']],
    ['no-shows!', ['no', 'shows', 'noshows']],
    ['Fase 2, stap 3', ['fase', '2', 'stap', '3']],
    ['', []],
    ['🙂', []],
    // A currency sign is read as its word, or the amount would vanish with the punctuation.
    ['€500 of $20, £3', ['euro', '500', 'of', 'dollar', '20', 'pounds', '3']],
    // An acronym's plural is the acronym: "GPs" is the handbook's "GP", not an unknown name.
    ['GPs and NGOs, not CEOS', ['gp', 'and', 'ngo', 'not', 'ceos']],
  ])('%j -> %j', (raw, expected) => {
    expect(tokenize(raw)).toEqual(expected);
  });

  it.each([
    ['Hoe vraag ik subsidie aan bij de EU', ['eu']],
    ['Wat wordt het weer in Utrecht? Slack ligt eruit.', ['utrecht']],
    ['We gebruiken Teams-vergaderingen', ['teams', 'teamsvergaderingen']],
    ['Hoe werkt de casusbespreking', []],
  ])('flags names and acronyms in %j', (raw, names) => {
    expect(tokenizeMarked(raw).filter((t) => t.name).map((t) => t.word)).toEqual(names);
  });

  it('marks the word before a comma or full stop as a pause', () => {
    expect(tokenizeMarked('Over respijtzorg, hoe gaat dat? Goed').filter((t) => t.pause).map((t) => [t.word, t.pause])).toEqual([['respijtzorg', 'clause'], ['dat', 'sentence']]);
  });
});

describe('stemming', () => {
  it.each([
    ['bijeenkomsten', 'bijeenkomst'],
    ['deelnemers', 'deelnemer'],
    ['afmeldingen', 'afmeld'],
    ['leernetwerken', 'leernetwerk'],
    ['allereerste', 'eerst'],
  ])('nl %s -> %s', (word, stem) => {
    expect(stemmerFor('nl')(word)).toBe(stem);
  });

  it.each([
    ['meetings', 'meet'],
    ['participants', 'particip'],
    ['organization', 'organis'],
    ['organisation', 'organis'],
    ['dropping', 'drop'],
  ])('en %s -> %s', (word, stem) => {
    expect(stemmerFor('en')(word)).toBe(stem);
  });

  it('keeps competences apart from competing (Snowball gives both the stem "compet")', () => {
    const stem = stemmerFor('en');
    expect(['competence', 'competences', 'competencies', 'competent'].map(stem)).toEqual(['competen', 'competen', 'competen', 'competen']);
    expect(['compete', 'competing'].map(stem)).toEqual(['compet', 'compet']);
  });

  it('repairs Dutch verb forms the stemmer leaves apart', () => {
    expect(withoutPresentTenseT('meldt')).toBe('meld');
    expect(withoutPresentTenseT('wat')).toBeNull();
    const joined = separableVerbCandidates(['we', 'ronden', 'het', 'netwerk', 'af']).map((c) => c.joined);
    expect(joined).toContain('afronden');
  });

  it('reads Dutch participles and strong past forms as their infinitive, most likely first', () => {
    expect(participleInfinitives('georganiseerd')).toContain('organiseer');
    expect(participleInfinitives('opgestart')[0]).toBe('opstart');
    expect(participleInfinitives('besloten')[0]).toBe('besluiten');
    expect(participleInfinitives('aangewezen')[0]).toBe('aanwijzen');
    expect(participleInfinitives('gestopt')).toContain('stoppen');
    // Not participles, or participles that work as adverbs ("juridisch gezien", "twee jaar geleden").
    expect(participleInfinitives('gesprek')).toEqual([]);
    expect(participleInfinitives('reden')).toEqual([]);
    expect(participleInfinitives('gezien')).toEqual([]);
    expect(participleInfinitives('geleden')).toEqual([]);
  });

  it('matches a participle to the handbook word of its verb', () => {
    const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
    const kb = loadKnowledgeBase(path.join(root, 'data'));
    const index = buildLanguageIndex(kb, 'nl', analyzer);
    const deps = { analyzer, synonyms: triggerTable([]), index, isKnownAnywhere: (stem: string) => index.documentFrequency.has(stem) };
    const stemsOf = (question: string) => analyseQuestion(tokenizeQuestion(question), 'nl', deps).terms.map((term) => term.stem);
    expect(stemsOf('Hoe hoor ik wat er besloten is?')).toContain('besluit');
    expect(stemsOf('Het netwerk is vorig jaar opgestart')).toContain('opstart');
    expect(stemsOf('Wat is er juridisch gezien geregeld?')).not.toContain('zien');
  });

  it('drops stopwords and fillers but keeps content words', () => {
    const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
    expect(analyzer.stems('Hoe hou ik eigenlijk de deelnemers erbij? Tips?', 'nl')).toEqual(['hou', 'deelnemer', 'erbij']);
  });
});

describe('detectLanguage', () => {
  const markers = buildLanguageMarkers(data.stopwords);
  it.each([
    ['Hoe hou ik mensen betrokken bij ons leernetwerk', 'nl'],
    ['na de kick-off komt niemand meer', 'nl'],
    ['Participants keep dropping out after a promising kick-off. Any advice?', 'en'],
    ['What should we do in our very first meeting?', 'en'],
    ['any tips voor de allereerste bijeenkomst?', 'nl'],
    ['hoe handle ik no-shows', 'nl'],
    ['how do I deal with de wethouder', 'en'],
    ['', 'nl'],
    ['opkomst', 'nl'],
  ] as const)('%j -> %s', (question, lang) => {
    expect(detectLanguage(tokenize(question), markers)).toBe(lang);
  });

  it('breaks a tie with the handbook vocabulary of each language', () => {
    const vocabulary = { nl: new Set(['opkomst']), en: new Set(['attendance']) };
    expect(detectLanguage(['attendance'], markers, vocabulary)).toBe('en');
    expect(detectLanguage(['opkomst'], markers, vocabulary)).toBe('nl');
  });
});
