// Bad input around sessions gets a clear answer and changes nothing it should not: the store is
// compared before and after.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { buttonsOf, createSessionsHarness, remindersTo } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';

async function network(h: SessionsHarness): Promise<void> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  await h.run('anna', 'rol deelnemer <@sanne>');
  await h.run('anna', 'sessie 2027-03-11 14:00 Stadhuis');
}

/** Every stored session record and attendance/task hash (the harness's store is a MemoryStore). */
function sessionState(h: SessionsHarness): string {
  const kept = (h.app.store as MemoryStore).dump().filter((e) => /^(session:|network:.*:sessions|sessions:attendance|nudges:tasks:)/.test(e.key));
  expect(kept.length).toBeGreaterThan(0);
  return JSON.stringify(kept.sort((a, b) => a.key.localeCompare(b.key)));
}

describe('bad input', () => {
  it.each([
    ['sessie 2027-01-01 14:00', /Dat moment ligt in het verleden \(vrijdag 1 januari 2027, 14:00\)/],
    ['sessie 2027-03-11 10:00', /Op donderdag 11 maart 2027 staat al een sessie/],
    ['sessie 2028-01-05 14:00', /Die datum \(woensdag 5 januari 2028\) ligt meer dan een jaar vooruit/],
    [`sessie 2027-04-08 14:00 ${'x'.repeat(2_000)}`, /Deze plek is 2.000 tekens lang; een plek mag hoogstens 400 tekens zijn.*Er is niets veranderd/],
    [`sessie plek 2027-03-11 ${'Stadhuis '.repeat(250)}`, /Deze plek is 2.249 tekens lang/],
    ['sessie plek 2027-03-11 Zaal 2 <@bram>', /Een plek kan niemand noemen/],
    ['sessie plek 2027-03-11 Zaal 2 <!channel>', /Een plek kan niemand noemen/],
    ['sessie plek 2027-03-11 Zaal 2 @everyone', /Een plek kan niemand noemen/],
    ['sessie 2027-04-08 14:00 Bij <@sanne> thuis', /Een plek kan niemand noemen/],
    ['sessie verplaats 2027-03-11 2027-01-02 14:00', /ligt in het verleden/],
    ['sessie verplaats 2027-03-11 2028-06-01', /ligt meer dan een jaar vooruit/],
    // Before: "29 is geen geldige datum", "2027-02-29 is geen geldige datum", "gisteren is geen geldige datum".
    ['sessie 29 februari 2027 14:00', /29 februari 2027 bestaat niet: februari 2027 heeft 28 dagen/],
    ['sessie do 29 feb 2027 14:00', /do 29 feb 2027 bestaat niet: februari 2027 heeft 28 dagen/],
    ['sessie 2027-02-29 14:00', /2027-02-29 bestaat niet: februari 2027 heeft 28 dagen/],
    ['sessie 31-4 14:00', /31-4 bestaat niet: april heeft 30 dagen/],
    ['sessie verplaats 2027-03-11 31 april', /31 april bestaat niet: april heeft 30 dagen/],
    ['sessie gisteren 14:00', /Dat moment ligt in het verleden/],
  ])('/liso %s', async (text, expected) => {
    const h = await createSessionsHarness();
    await network(h);
    const before = sessionState(h);
    await h.run('anna', text);
    expect(h.lastReply('anna')).toMatch(expected);
    expect(sessionState(h)).toBe(before);
  });

  it('accepts a session a little under a year ahead', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'sessie 2028-01-03 14:00');
    expect(h.log.at(-1)!.text).toMatch(/Nieuwe sessie van Jeugd: maandag 3 januari 2028, 14:00–17:00/);
  });

  it('pressing "Ik kom" twice or after the session answers clearly and changes nothing', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.walk(new Date('2027-03-04T09:00:00Z'));
    const yes = buttonsOf(remindersTo(h, 'sanne')[0]!.message)[0]!;
    await h.press('sanne', yes);
    const afterFirst = sessionState(h);
    await h.press('sanne', yes);
    expect(h.lastReply('sanne')).toMatch(/Je had al laten weten dat je op donderdag 11 maart 2027, 14:00 komt; er is niets veranderd/);
    expect(sessionState(h)).toBe(afterFirst);
    await h.walk(new Date('2027-03-11T16:00:00Z'));
    await h.press('sanne', { actionId: 'session.rsvp.no', value: yes.value });
    expect(h.lastReply('sanne')).toMatch(/al begonnen of voorbij; aanmelden kan niet meer/);
    expect(sessionState(h)).toBe(afterFirst);
  });

  it('marking a task of a cancelled session, by button or command, answers clearly and changes nothing', async () => {
    const h = await createSessionsHarness();
    await network(h);
    // The first session's plan gives Bram the practical arrangements three weeks before.
    await h.walk(new Date('2027-02-26T00:00:00Z'));
    const nudge = h.dms('bram').find((m) => buttonsOf(m.message).some((b) => b.actionId === 'nudge.done'))!;
    await h.run('anna', 'sessie annuleer 2027-03-11');
    const before = sessionState(h);
    await h.press('bram', buttonsOf(nudge.message).find((b) => b.actionId === 'nudge.done')!);
    expect(h.lastReply('bram')).toMatch(/De sessie van donderdag 11 maart 2027, 14:00 is geannuleerd; er valt niets meer af te vinken en er is niets veranderd/);
    await h.run('bram', 'tijdlijn gedaan agenda 2027-03-11');
    expect(h.lastReply('bram')).toMatch(/is geannuleerd; er valt niets meer af te vinken en er is niets veranderd/);
    await h.run('bram', 'tijdlijn gedaan agenda');
    expect(h.lastReply('bram')).toMatch(/Er is nog geen volgende sessie gepland/);
    expect(sessionState(h)).toBe(before);
  });
});
