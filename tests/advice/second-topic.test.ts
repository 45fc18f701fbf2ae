// Two topics in one question: only parts that ask something count, a sentence that sets the scene does not.
import { describe, expect, it } from 'vitest';
import { questionParts } from '../../src/advice/second-topic.ts';
import { sharedEngine } from './engine-fixture.ts';

describe('questionParts', () => {
  it.each([
    ['Onze trekker stopt na de zomer. Hoe regelen we de overdracht?', [false, true]],
    ['We hebben veel wisselingen in de groep, en daarnaast lopen onze bijeenkomsten steeds uit. Wat nu?', [true, true]],
    ['How often should our group meet? Is once a month enough for everyone?', [true, true]],
    ['Hoe faciliteer ik mijn medewerker om mee te doen, en hoeveel uur per week is redelijk?', [true, true]],
    ['Ik start een netwerk in Zwolle, wie bel ik als eerste? en hoe vaak komen we eigenlijk bij elkaar', [true, true]],
    ['Onze trekker stopt na de zomer. En ook de helft van de groep vertrekt.', [false, true]],
  ])('%j: parts that ask %j', (question, asks) => {
    expect(questionParts(question).map((part) => part.asks)).toEqual(asks);
  });

  it('one sentence, or more than three, is not split', () => {
    expect(questionParts('Hoe houden we de deelnemers betrokken na de eerste bijeenkomst?')).toEqual([]);
    expect(questionParts('Eerste zin die lang genoeg is. Tweede zin die lang genoeg is. Derde zin die lang genoeg is. Vierde zin die lang genoeg is?')).toEqual([]);
  });
});

describe('the second topic of an answer', () => {
  it('is offered when two clauses each raise a problem', () => {
    const result = sharedEngine().engine.ask('We hebben veel wisselingen in de groep, en daarnaast lopen onze bijeenkomsten steeds uit. Wat nu?');
    expect([result.best?.entry.id, result.second?.entry.id]).toEqual(['sb-verloop', 'sb-overvolle-sessies']);
  });

  it('is not claimed from a sentence that only sets the scene', () => {
    const result = sharedEngine().engine.ask('We zitten in het tweede jaar en de opkomst zakt in. Hoe krijg ik de mensen weer aan tafel?');
    expect(result.best?.entry.id).toBe('sb-betrokkenheid');
    expect(result.second).toBeUndefined();
  });
});
