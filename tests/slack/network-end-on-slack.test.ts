// A network's end on Slack, through real Bolt against the fake Slack API: the trekker closes it
// with the confirmation buttons, a participant is refused, a restart on the same SQLite file comes
// between, the App Home shows the deletion date, and over the following weeks nothing is sent for
// it until it is deleted and the channel starts a new network.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonOn, QuarterDriver } from './quarter-driver.ts';

const CHANNEL = 'C0CLOSE001';
const ANNA = 'U0ANNA0001'; // trekker
const BRAM = 'U0BRAM0001'; // procesbegeleider
const EVA = 'U0EVA00001'; // deelnemer
const NAMES = new Map([
  [ANNA, 'anna'],
  [BRAM, 'bram'],
  [EVA, 'eva'],
]);

let d: QuarterDriver;

beforeAll(async () => {
  d = await QuarterDriver.start(CHANNEL, NAMES, new Date('2027-01-04T08:00:00Z'));
  await d.command(ANNA, 'start Jeugdhulp Leidn');
  await d.command(ANNA, `rol procesbegeleider <@${BRAM}|bram>`);
  await d.command(ANNA, `rol deelnemer <@${EVA}|eva>`);
  await d.command(ANNA, 'sessie 2027-01-14 14:00-17:00 Stadhuis Leiden');
  await d.command(ANNA, 'sessie 2027-04-08 14:00-17:00 Stadhuis Leiden');
  // The week reminder of 14 January has gone to everyone with a role.
  await d.walk(new Date('2027-01-08T09:00:00Z'));
});

afterAll(async () => {
  await d?.stop();
});

describe('closing a network on Slack', () => {
  it('renames it for everyone; a participant may neither rename nor close it', async () => {
    const renamed = await d.command(BRAM, 'netwerk naam Jeugdhulp Leiden');
    expect(renamed.find((s) => s.to === CHANNEL)!.text).toContain('*Leernetwerk Jeugdhulp Leidn* heet voortaan *Jeugdhulp Leiden*');
    for (const text of ['netwerk naam Iets anders', 'netwerk afsluiten']) {
      const refused = await d.command(EVA, text);
      expect(refused.map((s) => `${s.to} ${s.via} ${s.text}`)).toEqual([`${EVA} ephemeral Alleen de trekker of procesbegeleider van *Jeugdhulp Leiden* mag dit veranderen. Vraag een van hen om het te doen of om je die rol te geven.`]);
    }
  });

  it('asks first, then closes: a closing post, the reminded told, and from then on nothing for weeks, across a restart', async () => {
    const asked = await d.command(ANNA, 'netwerk afsluiten');
    const question = asked.find((s) => s.to === ANNA)!;
    expect(question.text).toContain('# Leernetwerk Jeugdhulp Leiden afsluiten?');
    // Eva and Bram cannot use Anna's button, and hear so; it still works for Anna after. (Before: "verlopen of al
    // gebruikt… Vraag het opnieuw met `/liso netwerk afsluiten`", a command Eva may not use.)
    for (const other of [EVA, BRAM]) {
      const stolen = await d.press(other, question, buttonOn(question, 'network.close.confirm')!);
      expect(stolen.map((s) => s.text)).toEqual(['Alleen wie vroeg om het netwerk af te sluiten, kan deze knop gebruiken. Er is niets veranderd.']);
    }
    const closed = await d.press(ANNA, question, buttonOn(question, 'network.close.confirm')!);
    const post = closed.find((s) => s.to === CHANNEL)!;
    expect(post.text).toContain('*Leernetwerk Jeugdhulp Leiden* is afgesloten.');
    expect(post.text).toContain('`/liso reisverslag`');
    expect(post.text).toContain('Op 7 februari 2027 wis ik alle gegevens van dit netwerk.');
    expect(closed.find((s) => s.to === EVA)?.text).toMatch(/^# Gaat niet door: sessie van Jeugdhulp Leiden/);
    expect(closed.filter((s) => s.to !== CHANNEL && s.to !== EVA).map((s) => `${s.via} ${s.text}`)).toEqual(['replace *Jeugdhulp Leiden* is afgesloten. De gegevens worden gewist op *7 februari 2027*.']);

    await d.restart();
    const weeksAfter: string[] = [];
    await d.walk(new Date('2027-02-01T09:00:00Z'), async (seen) => void weeksAfter.push(...seen.map((s) => `${s.to}: ${s.text.split('\n')[0]}`)));
    expect(weeksAfter).toEqual([]);
    const home = await d.open(ANNA, 'home');
    expect(home.find((s) => s.via === 'home')!.text).toContain('Dit netwerk is afgesloten. Op *7 februari 2027* worden al zijn gegevens gewist');
  });

  it('deletes it on the date; the channel then starts a new network', async () => {
    const untilDeleted: string[] = [];
    await d.walk(new Date('2027-04-09T09:00:00Z'), async (seen) => void untilDeleted.push(...seen.map((s) => `${s.to}: ${s.text.split('\n')[0]}`)));
    expect(untilDeleted).toEqual([]);
    const shown = await d.command(ANNA, 'netwerk');
    expect(shown.find((s) => s.to === ANNA)!.text).toContain('Dit kanaal hoort nog niet bij een leernetwerk.');
    const started = await d.command(BRAM, 'start Jeugdhulp Leiden 2');
    expect(started.find((s) => s.to === CHANNEL)!.text).toContain('*Leernetwerk Jeugdhulp Leiden 2* is gestart.');
  });
});
