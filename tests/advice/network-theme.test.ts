// The theme a question gives its network is context: "ons leernetwerk over respijtzorg" asks nothing about care itself.
import { describe, expect, it } from 'vitest';
import { networkTheme } from '../../src/advice/network-theme.ts';
import { tokenizeQuestion } from '../../src/advice/text-normalization.ts';
import { sharedEngine } from './engine-fixture.ts';

const themeOf = (question: string) => {
  const words = tokenizeQuestion(question);
  return [...networkTheme(words).positions].map((at) => words[at]!.word);
};

describe('network theme', () => {
  it('takes the short phrase after "netwerk over", "network on" and the like, up to a comma or full stop', () => {
    expect(themeOf('In ons leernetwerk over respijtzorg, hoe houden we de gemeente erbij?')).toEqual(['respijtzorg']);
    expect(themeOf('our network on early intervention in psychosis, how do we keep GPs?')).toEqual(['early', 'intervention', 'in', 'psychosis']);
    expect(themeOf('De werkplaats rond schulden. Wie beslist?')).toEqual(['schulden']);
    // At most five words: without a pause the window can take the next word too ("... psychosis keeps"), which only
    // makes that word weigh as context in coverage.
    expect(themeOf('our network on early intervention in psychosis keeps losing GPs')).toHaveLength(5);
    expect(themeOf('Hoe praten we over geld?')).toEqual([]);
    expect(themeOf('netwerk over')).toEqual([]);
  });

  it('keeps care itself out of what is missing when it is the theme, but names other subjects talked about there', () => {
    const { engine } = sharedEngine();
    const themed = engine.ask('Onze nieuwe deelnemers in ons leernetwerk over respijtzorg haken na twee sessies af. Hoe houden we ze erbij?');
    expect(themed).toMatchObject({ abstained: false, partial: false, missing: [] });
    expect(themed.best?.entry.id).toBe('sb-betrokkenheid');
    // "netwerk over" also means "talk in the network about": a subject the handbook lacks is named there.
    expect(engine.ask('Wat moeten we in ons netwerk over de AVG afspreken?').missing).toEqual(['privacywetgeving (AVG)']);
    expect(engine.ask('Hoe praten we in het netwerk over belastingen en de btw?').missing).toEqual(['belastingregels']);
    expect(engine.ask('Moeten vrijwilligers belasting betalen over hun vergoeding?').missing).toEqual(['belastingregels']);
    // Without talk, a subject inside the theme is the theme: "ontslag naar huis" is a hospital discharge, not dismissal.
    const discharge = engine.ask('In ons netwerk over transmurale zorg en ontslag naar huis komt het ziekenhuis niet meer opdagen. Hoe krijgen we ze terug?');
    expect(discharge).toMatchObject({ abstained: false, partial: false, missing: [] });
  });
});
