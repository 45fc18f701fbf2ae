// A quarter on Teams with people in several networks (bench/teams-multi-quarter.ts): Bram
// procesbegeleider of three, Anna trekker of two, Emma (English) deelnemer in two, lived day by day
// through the real adapter against the fake Bot Connector, on an SQLite file with a restart.
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuarterResult, Seen } from '../../bench/teams-life.ts';
import { liveMultiQuarter } from '../../bench/teams-multi-quarter.ts';

let quarter: QuarterResult;

beforeAll(async () => {
  quarter = await liveMultiQuarter();
}, 120_000);

const NETWORKS = /Jeugd Leiden|Wonen Leiden|Zorg Katwijk|-(jeugd-leiden|wonen-leiden|zorg-katwijk)-/;
const postsTo = (reader: string): Seen[] => quarter.seen.filter((s) => s.to === reader && (s.how === 'post' || s.how === 'file-offer'));

describe('a quarter in three networks on Teams', () => {
  it('reads clean to everyone: no raw markup, ids, undefined or the other language, nothing twice, every card valid', () => {
    expect(quarter.restarts).toBe(1);
    expect(quarter.problems).toEqual([]);
  });

  it('a command in a personal chat is never sent back to the channel: the person chooses the network, or names it', () => {
    const everyone = quarter.seen.filter((s) => s.how === 'post');
    expect(everyone.filter((s) => /Gebruik dit commando in het kanaal|Use this command in the channel/.test(s.text))).toEqual([]);
    const question = postsTo('bram').find((s) => /^Je zit in meer dan één netwerk\. Over welk netwerk gaat het\?/.test(s.text));
    expect(question?.buttons).toEqual(['Jeugd Leiden', 'Wonen Leiden', 'Zorg Katwijk']);
    // Pressed, typed or named: the answer is about the network meant.
    const bram = postsTo('bram').map((s) => s.text.split('\n')[0]);
    expect(bram).toContain('Leernetwerk Zorg Katwijk');
    expect(bram).toContain('Geplande sessies van Wonen Leiden');
    expect(bram.some((line) => /^Voorbereiding Jeugd Leiden: sessie donderdag 28 januari 2027/.test(line!))).toBe(true);
    expect(bram.some((line) => /^Successen van Jeugd Leiden/.test(line!))).toBe(true);
    expect(postsTo('emma').map((s) => s.text.split('\n')[0])).toContain('Planned sessions of Jeugd Leiden');
    expect(postsTo('anna').filter((s) => /^De pulse van \*\*(Jeugd|Wonen) Leiden\*\* is gestart/.test(s.text)).map((s) => s.day)).toEqual(['2027-01-29', '2027-01-29', '2027-03-19', '2027-03-26']);
  });

  it('Bram knows in every message which network it is about', () => {
    const aboutNothing = /^(Hoi Bram|Waar lopen jullie tegenaan|Je zit in meer dan één netwerk|Eén partner beweegt niet mee|Wat liso-bot over jou bewaart)/;
    const unnamed = postsTo('bram').filter((s) => !aboutNothing.test(s.text) && !NETWORKS.test(s.text));
    expect(unnamed.map((s) => `${s.at} ${s.text.slice(0, 60)}`)).toEqual([]);
    // Two networks meeting on one day: two calendar files he can tell apart.
    const files = postsTo('bram').filter((s) => s.how === 'file-offer' && s.day === '2027-01-21').map((s) => s.text.split(']')[0]);
    expect(new Set(files)).toEqual(new Set(['[sessie-jeugd-leiden-2027-01-28.ics', '[sessie-wonen-leiden-2027-01-28.ics']));
    // What the bot keeps about him says of which network each task was.
    expect(postsTo('bram').find((s) => s.text.startsWith('Wat liso-bot over jou bewaart'))?.text).toMatch(/Praktische zaken regelen \(sessie Wonen Leiden, donderdag 28 januari 2027, 09:30\)/);
  });

  it('one preparation message a day mixes the networks under their names, the nearest session first', () => {
    const digests = postsTo('bram').filter((s) => s.how === 'post' && /^Je voorbereiding voor vandaag/.test(s.text));
    const days = digests.map((s) => s.day);
    expect(new Set(days).size).toBe(days.length);
    const order = (day: string) => [...digests.find((s) => s.day === day)!.text.matchAll(/^\*\*(Jeugd Leiden|Wonen Leiden|Zorg Katwijk)\*\* · (eerste )?sessie/gm)].map((m) => m[1]);
    // Wonen meets at 09:30 and Jeugd at 14:00 on 28 January; on 25 March Zorg at 09:30 and Jeugd at 14:00.
    expect(order('2027-01-07')).toEqual(['Wonen Leiden', 'Jeugd Leiden']);
    expect(order('2027-02-25')).toEqual(['Wonen Leiden', 'Zorg Katwijk', 'Jeugd Leiden']);
  });

  it('a button on a card of the week before works while a newer card came since, and its answer names the network', () => {
    const answer = quarter.seen.find((s) => s.to === 'bram' && s.how === 'press-answer' && s.day === '2027-01-14' && /^Praktische zaken regelen/.test(s.text));
    // The first line of that card: Wonen's, the nearest session (announced, so without the emoji's name).
    expect(answer?.text).toBe('Praktische zaken regelen (Wonen Leiden): Gedaan door Bram Jansen');
  });

  it('pulses closing on the same day name their network in the invitation, the reminder and the result', () => {
    const emma = postsTo('emma');
    expect(emma.filter((s) => s.day === '2027-01-29').map((s) => s.text.split('\n')[0])).toEqual(['Pulse of Jeugd Leiden: how do you experience the network?', 'Pulse of Wonen Leiden: how do you experience the network?']);
    expect(emma.filter((s) => s.day === '2027-02-02').map((s) => s.text.split('\n')[0]).sort()).toEqual(['Reminder: pulse of Jeugd Leiden', 'Reminder: pulse of Wonen Leiden']);
    // Counts per network: Jeugd asked Emma and Sanne, Wonen Emma and Ahmed; Bram and Anna lead and are not asked.
    const results = postsTo('anna').filter((s) => s.day === '2027-02-05');
    expect(results.map((s) => `${s.text.split('\n')[0]} ${/\*\*(\d+ van de \d+)\*\*/.exec(s.text)?.[1]}`).sort()).toEqual(['Uitslag pulse Jeugd Leiden 2 van de 2', 'Uitslag pulse Wonen Leiden 2 van de 2']);
    expect(postsTo('bram').some((s) => /^(Pulse of|Pulse van)/.test(s.text))).toBe(false);
  });

  it('leaving one network leaves the others as they were', () => {
    const afterLeaving = postsTo('emma').filter((s) => s.day > '2027-03-01');
    expect(afterLeaving.filter((s) => /Wonen Leiden/.test(s.text))).toEqual([]);
    expect(afterLeaving.filter((s) => /Jeugd Leiden/.test(s.text)).map((s) => `${s.day} ${s.text.split('\n')[0]}`)).toContain('2027-03-26 Pulse of Jeugd Leiden: how do you experience the network?');
    // In one network now, her personal chat knows which.
    expect(postsTo('emma').at(-1)?.text.split('\n')[0]).toBe('Planned sessions of Jeugd Leiden');
  });
});
