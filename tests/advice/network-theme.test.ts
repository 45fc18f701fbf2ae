// The theme a question gives its network is context: "ons leernetwerk over schulden en belastingen" asks nothing about tax.
import { describe, expect, it } from 'vitest';
import { themePositions } from '../../src/advice/network-theme.ts';
import { tokenizeQuestion } from '../../src/advice/text-normalization.ts';
import { sharedEngine } from './engine-fixture.ts';

const themeOf = (question: string) => {
  const words = tokenizeQuestion(question);
  return [...themePositions(words)].map((at) => words[at]!.word);
};

describe('network theme', () => {
  it('takes the short phrase after "netwerk over", "network on" and the like, up to a comma or full stop', () => {
    expect(themeOf('In ons leernetwerk over respijtzorg, hoe houden we de gemeente erbij?')).toEqual(['respijtzorg']);
    expect(themeOf('our network on early intervention in psychosis keeps losing GPs')).toEqual(['early', 'intervention', 'in', 'psychosis', 'keeps']);
    expect(themeOf('De werkplaats rond schulden. Wie beslist?')).toEqual(['schulden']);
    expect(themeOf('Hoe praten we over geld?')).toEqual([]);
    expect(themeOf('netwerk over')).toEqual([]);
  });

  it('makes subjects the handbook lacks, named only in the theme, no missing subject', () => {
    const { engine } = sharedEngine();
    const themed = engine.ask('In ons leernetwerk over schulden en belastingen haken de deelnemers af. Hoe houden we ze erbij?');
    expect(themed).toMatchObject({ abstained: false, partial: false, missing: [] });
    expect(themed.best?.entry.id).toBe('sb-betrokkenheid');
    // Asked about, the same subject is named.
    expect(engine.ask('Moeten vrijwilligers belasting betalen over hun vergoeding?').missing).toEqual(['belastingregels']);
  });
});
