// The engine on ordinary and hostile input: it never throws, answers sensibly or abstains with closest topics.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAnswer as renderWith } from '../../src/features/advice/plain-answer.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import type { AdviceResult } from '../../src/advice/advice-engine.ts';
import { loadAdviceData } from '../../src/advice/advice-data.ts';
import { createAnalyzer } from '../../src/advice/analyzer.ts';
import { buildLanguageIndex } from '../../src/advice/entry-index.ts';
import { buildWordClasses } from '../../src/advice/stopwords.ts';
import { root, sharedEngine } from './engine-fixture.ts';

const { engine, kb } = sharedEngine();
const prompts = loadPrompts(path.join(root, 'prompts'));
const renderAnswer = (result: AdviceResult) => renderWith(result, kb, prompts);

describe('advice engine', () => {
  it('answers everyday phrasings with the matching handbook entry', () => {
    const cases: Array<[string, string[]]> = [
      ['na de kick-off komt niemand meer', ['sb-betrokkenheid']],
      ['we hebben last van no-shows', ['sb-betrokkenheid']],
      ['de opkomst is dramatisch', ['sb-betrokkenheid']],
      ['één gemeente zet de hakken in het zand', ['sb-partner-beweegt-niet', 'ke-vliegwiel']],
      ['our meetings always overrun', ['sb-overvolle-sessies']],
      ['who decides in our network?', ['sb-besluitvorming', 'ke-kennisinfrastructuur']],
    ];
    for (const [question, topics] of cases) {
      const result = engine.ask(question);
      expect(result.abstained, question).toBe(false);
      expect(topics, question).toContain(result.best?.entry.id);
    }
  });

  it('tolerates typos', () => {
    expect(engine.ask('hoe hou ik de betrokkenheit van deelnemrs vast').best?.entry.id).toBe('sb-betrokkenheid');
  });

  it('reads shorthand without vowels, as typed on a phone, but not sounds', () => {
    expect(engine.ask('dlnmrs reageren nt op mail wat nu').best?.entry.id).toBe('sb-betrokkenheid');
    expect(engine.ask('dlnmrs hkn af, wat nu').abstained).toBe(false);
    // Chat shorthand ("wt", "nt") is written out, and an ordinal says which, not what.
    expect(engine.ask('dlnmrs hkn af na 2e sessie wt nu').abstained).toBe(false);
    const index = buildLanguageIndex(kb, 'nl', createAnalyzer(buildWordClasses(loadAdviceData(path.join(root, 'data')).stopwords)));
    expect(index.vocabulary.near('prcsbgldr')).toEqual([{ stem: 'procesbegeleider', kind: 'typo' }]);
    expect(index.vocabulary.near('pfff')).toEqual([]);
    // Lower-case acronyms are no shorthand for a word their consonants begin ("Wet langdurige zorg", not welzijn).
    expect(index.vocabulary.near('wlz')).toEqual([]);
  });

  it('abstains on questions the handbook does not answer, still naming the closest topics', () => {
    for (const question of ['wie wint het WK?', 'How do I reset my Slack password?', 'wat wordt het weer morgen in Utrecht']) {
      const result = engine.ask(question);
      expect(result.abstained, question).toBe(true);
      expect(result.best, question).toBeUndefined();
    }
    const funding = engine.ask('hoe vraag ik subsidie aan bij de EU');
    expect(funding.abstained).toBe(true);
    expect(funding.alternatives.length).toBeGreaterThan(0);
    expect(funding.alternatives.length).toBeLessThanOrEqual(3);
  });

  it('names what the handbook lacks, and answers the rest as partial', () => {
    const tax = engine.ask('Can our partners deduct the membership fee from their taxes?');
    expect(tax).toMatchObject({ abstained: false, partial: true, missing: ['tax rules'] });
    const fund = engine.ask('Hoe vragen we geld aan bij het VSBfonds voor ons leernetwerk?');
    expect(fund).toMatchObject({ partial: true, missing: ['de regels van dat fonds of subsidieprogramma'] });
    // Two words that name the subject together, wherever they stand (data/advice/not-covered.json, "together").
    const conditions = engine.ask('Wat zijn de voorwaarden van de ZonMw-subsidie voor leernetwerken en wanneer sluit de deadline?');
    expect(conditions).toMatchObject({ partial: true, missing: ['de regels van dat fonds of subsidieprogramma'] });
    // Nothing asked besides what the handbook lacks: refused, still naming it, instead of an unrelated "closest" entry.
    const form = engine.ask('Hoe vul ik het aanvraagformulier van het Oranje Fonds in?');
    expect(form).toMatchObject({ abstained: true, partial: false, missing: ['de regels van dat fonds of subsidieprogramma'] });
    expect(fund.best?.entry.id).toBe('financiering');
    // A name inside a known subject is not named twice; refused questions still say what was missing.
    const privacy = engine.ask("Wat zegt de AVG over foto's van onze bijeenkomst op de website?");
    expect(privacy.missing).toEqual(['privacywetgeving (AVG)']);
    expect(privacy.abstained || privacy.partial).toBe(true);
    // An amount written with a currency sign asks for a figure the handbook does not give.
    const fee = engine.ask('Is €750 per organisatie een redelijke bijdrage voor ons leernetwerk?');
    expect(fee.missing).toEqual(['concrete bedragen en tarieven']);
    expect(fee.abstained || fee.partial).toBe(true);
    // A name the handbook never uses and no close entry explains is named as written; a partner organisation or
    // place is not (data/advice/context-names.json), nor a name that holds one ("Vilans Academy").
    expect(engine.ask('How do we keep members engaged the way the Kennisland Academy networks do?').missing).toContain('Kennisland Academy');
    expect(engine.ask('How do we keep members engaged the way the Vilans Academy networks do?').missing).toEqual([]);
  });

  it('names the near misses issue 22 lists: photo consent, pay, a funder\'s reporting rules, benefits for paid experts', () => {
    const cases: Array<[string, string]> = [
      ["Hebben we toestemming nodig om foto's van deelnemers te delen?", 'privacywetgeving (AVG)'],
      ["Mag ik foto's van de sessie op LinkedIn zetten?", 'privacywetgeving (AVG)'],
      ['Do we need consent for photos of participants?', 'privacy law (GDPR)'],
      ['Wat verdient een procesbegeleider gemiddeld?', 'salarissen en arbeidsrecht'],
      ['What are the funder\'s reporting requirements?', 'the rules of that fund or grant programme'],
      ['Mag een ervaringsdeskundige met een bijstandsuitkering betaald worden?', 'uitkeringen en toeslagen'],
      // An outside walk's participant (2026-12-07): the handbook says to pay a fitting fee, never how much.
      ['hoeveel geld krijgt een ervaringsdeskundige per sessie?', 'concrete bedragen en tarieven'],
      ['How much should we pay an expert by experience per session?', 'specific amounts and rates'],
    ];
    for (const [question, missing] of cases) {
      const result = engine.ask(question);
      expect(result.missing, question).toEqual([missing]);
      expect(result.abstained || result.partial, question).toBe(true);
    }
  });

  it('reads partners named by acronym or occupation as context, not as what the handbook lacks', () => {
    for (const question of ['Our CoP has GPs and district nurses, but the GPs never come. What now?', 'Hoe houden we de POH-GGZ en de wijkverpleging betrokken bij ons netwerk?']) {
      const result = engine.ask(question);
      expect(result, question).toMatchObject({ abstained: false, missing: [] });
    }
  });

  it('names care itself as missing only when it is asked about, not when it is the network\'s theme', () => {
    for (const question of ['Welke therapie helpt bij een depressie?', 'Where can I find respite care for my mother?']) {
      const result = engine.ask(question);
      expect(result.missing, question).toHaveLength(1);
      expect(result.missing[0], question).toMatch(/zorgvoorzieningen|care services/);
      expect(result.abstained || result.partial, question).toBe(true);
    }
    const themed: Array<[string, string]> = [
      ['Ons leernetwerk over dementie loopt nu een jaar. Hoe vieren we wat we bereikt hebben?', 'vieren'],
      ['Our network on addiction keeps losing members after the first session. How do we keep them engaged?', 'sb-betrokkenheid'],
      // The care words sit in the sentence that sets the scene; before, they made the question look unanswered.
      ['In ons netwerk over dagbesteding komen de mensen van de gemeente niet meer. Hoe krijgen we ze terug?', 'sb-betrokkenheid'],
      ['Onze casusbespreking gaat over de behandeling van jongeren met autisme. Hoe zorgen we dat iedereen durft te zeggen wat niet werkt?', 'casusbespreking'],
    ];
    for (const [question, entry] of themed) {
      const result = engine.ask(question);
      expect(result, question).toMatchObject({ abstained: false, partial: false, missing: [] });
      expect(result.best?.entry.id, question).toBe(entry);
    }
  });

  it('does not hedge questions the handbook covers, also in community-of-practice words', () => {
    for (const question of ['na de kick-off komt niemand meer', 'How do I keep the volunteers in our CoP motivated?', 'pb is ziek, wat moet ik nog regelen voor de sessie',
      // What the handbook itself advises, in words that also name subjects next to it.
      "Kunnen we foto's maken om het vraagstuk in beeld te brengen?", 'Is een WhatsApp-groep handig om contact te houden?', 'Moeten we accreditatiepunten aanvragen voor onze bijeenkomsten?', 'Hoe vat ik de opbrengsten van een sessie samen?']) {
      const result = engine.ask(question);
      expect(result, question).toMatchObject({ abstained: false, partial: false, missing: [] });
    }
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['only emoji', '😀🎉👍🙏'],
    ['punctuation', '?!?!...,,;'],
    ['10,000 characters', 'x'.repeat(10_000)],
    ['10,000 characters of words', 'hoe hou ik mensen betrokken '.repeat(360)],
    ['html', '<div><script>alert(1)</script><b>Hoe</b> bereid ik een <i>sessie</i> voor?</div>'],
    ['markdown', '# Vraag\n\n**Hoe** bereid ik een _sessie_ voor?\n\n- [x] `agenda`'],
    ['slack mentions', '<!channel> <@U12345> @everyone @here hoe hou ik mensen betrokken?'],
    ['mixed languages', 'any tips voor de eerste bijeenkomst? we want people to come back'],
    ['null bytes and control characters', 'hoe\u0000 hou\u0007 ik mensen betrokken\u202e?'],
    ['only stopwords', 'de het een en of maar the a of and'],
  ])('never throws: %s', (_, question) => {
    const result = engine.ask(question);
    expect(result.question).toBe(question);
    expect(['nl', 'en']).toContain(result.lang);
    expect(result.alternatives.length).toBeLessThanOrEqual(3);
    if (result.abstained) expect(result.best).toBeUndefined();
    else expect(result.best?.score).toBeGreaterThan(0);
    for (const scored of [result.best, ...result.alternatives]) {
      if (scored) expect(scored.score).toBeGreaterThanOrEqual(0);
      if (scored) expect(scored.score).toBeLessThanOrEqual(1);
    }
    expect(() => renderAnswer(result)).not.toThrow();
  });

  it('abstains on input without words, with no closest topics to offer', () => {
    for (const question of ['', '😀🎉', 'x'.repeat(10_000)]) {
      const result = engine.ask(question);
      expect(result.abstained).toBe(true);
    }
    expect(engine.ask('').alternatives).toEqual([]);
  });

  it('reads through chat markup', () => {
    expect(engine.ask('<!channel> @everyone hoe hou ik mensen betrokken?').best?.entry.id).toBe('sb-betrokkenheid');
    expect(['sb-eerste-sessie', 'sessie-voorbereiden']).toContain(engine.ask('**Hoe** bereid ik een <b>sessie</b> voor?').best?.entry.id);
  });

  it('answers mixed Dutch and English questions', () => {
    const result = engine.ask('wat doen we als de opkomst laag is, what about no-shows');
    expect(result.best?.entry.id).toBe('sb-betrokkenheid');
    expect(engine.ask('hoe handle ik no-shows in mijn leernetwerk').best?.entry.id).toBe('sb-betrokkenheid');
  });

  it('detects the language, and an explicit language wins', () => {
    expect(engine.ask('Hoe werkt een casusbespreking?').lang).toBe('nl');
    expect(engine.ask('How does a case discussion work?').lang).toBe('en');
    const forced = engine.ask('Hoe werkt een casusbespreking?', { lang: 'en' });
    expect(forced.lang).toBe('en');
    expect(forced.best?.entry.id).toBe('casusbespreking');
  });

  it("answers in the asker's own language when the question's words do not tell, and only then", () => {
    expect(engine.ask('GGD Utrecht, Zwolle?').lang).toBe('nl');
    expect(engine.ask('GGD Utrecht, Zwolle?', { preferredLang: 'en' }).lang).toBe('en');
    expect(engine.ask('Hoe werkt een casusbespreking?', { preferredLang: 'en' }).lang).toBe('nl');
    expect(engine.ask('How does a case discussion work?', { preferredLang: 'nl' }).lang).toBe('en');
  });

  it('never repeats the best entry among the alternatives and orders them by score', () => {
    const result = engine.ask('we willen kleine experimenten opzetten');
    const ids = [result.best!.entry.id, ...result.alternatives.map((a) => a.entry.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const scores = [result.best!.score, ...result.alternatives.map((a) => a.score)];
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('is deterministic', () => {
    const question = 'Wat zijn de taken van een procesbegeleider?';
    expect(engine.ask(question)).toEqual(engine.ask(question));
  });
});

describe('renderAnswer', () => {
  it('gives title, approach, two to four tips and the source', () => {
    const text = renderAnswer(engine.ask('na de kick-off komt niemand meer'));
    expect(text.split('\n')[0]).toBe('Deelnemers haken af na een sterke start');
    expect(text).toContain('Aanpak');
    const tips = text.split('Tips')[1]!.split('Bron:')[0]!.split('\n').filter((l) => l.startsWith('• '));
    expect(tips.length).toBeGreaterThanOrEqual(2);
    expect(tips.length).toBeLessThanOrEqual(4);
    expect(text).toContain('Bron: LISO-handboek, h6, struikelblok 1');
  });

  it('says honestly when the handbook does not cover a question, in the question language', () => {
    const text = renderAnswer(engine.ask('How do I reset my Slack password?'));
    // What is missing is named, so the refusal says that once, not again as "does not cover this".
    expect(text).toMatch(/^The handbook says nothing about software and digital tools\.$/m);
    expect(text).toMatch(/^You asked: “How do I reset my Slack password\?” I will not guess\.$/m);
    expect(text).not.toMatch(/does not cover/);
    expect(renderAnswer(engine.ask('welke cao geldt voor jeugdzorg'))).toMatch(/zegt het handboek niets\.\nJe vroeg: “welke cao geldt voor jeugdzorg”\. Ik ga niet gokken\./);
  });
});
