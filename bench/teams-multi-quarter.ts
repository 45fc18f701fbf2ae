// A quarter on Microsoft Teams with people in several networks at once, lived day by day: Bram is
// procesbegeleider of three networks (three channels of one team), Anna trekker of two, Emma (who
// reads English) deelnemer in two, a few people in one. Sessions on different days and on the same
// day, one moved, a pulse after each, a restart in the middle (teams-life.ts).
//
//   npx tsx bench/teams-multi-quarter.ts [--out var/teams-multi-quarter]
//
// Writes what each person saw and prints messages per person per day for Bram, Anna and Emma, and
// the problems it found.
import type { Person } from '../tests/teams/teams-harness.ts';
import type { QuarterResult } from './teams-life.ts';
import { TeamsLife, messagesPerDay, outDir, readingProblems, writeTranscripts } from './teams-life.ts';
import { cast as quarterCast } from './teams-quarter.ts';

// The people of the one-network quarter, and Fleur.
const { anna, bram, emma, sanne, ahmed, joris } = quarterCast;
export const cast = { anna, bram, emma, sanne, ahmed, joris, fleur: { id: '29:1fleur-dekker', name: 'Fleur Dekker' } } as const satisfies Record<string, Person>;
type Name = keyof typeof cast;
const english = new Set<string>(['emma']);

/** The three networks' channels, one team. */
export const channels = {
  jeugd: '19:kanaal-jeugd@thread.tacv2',
  wonen: '19:kanaal-wonen@thread.tacv2',
  zorg: '19:kanaal-zorg@thread.tacv2',
} as const;
type Net = keyof typeof channels;
const personal = { kind: 'personal' } as const;
const readerOf = (net: Net) => `channel:${net}`;

export async function liveMultiQuarter(options: { restarts?: boolean } = {}): Promise<QuarterResult> {
  const life = await TeamsLife.begin(cast, Object.fromEntries(Object.entries(channels).map(([net, id]) => [id, readerOf(net as Net)])), '2027-01-04 08:55', options);
  const in_ = (net: Net) => life.channel(readerOf(net));
  const vote = async (who: Name, score: number, on: RegExp) => {
    if (!(await life.votePulse(who, score, { on }))) life.problems.push(`${life.now().at} ${who}: no pulse invitation matching ${on} to vote on`);
  };
  /**
   * A command in `who`'s personal chat about `net`: then `choose` (a button, the name typed), or, told
   * to use the network's channel (as before people in several networks were) or shown the usage (a
   * name the command did not take), the command there without the name.
   */
  const direct = async (who: Name, text: string, net: Net, choose?: () => Promise<unknown>) => {
    await life.say(who, text, personal);
    const answer = life.seen.filter((s) => s.to === who && s.how === 'post').at(-1);
    const named = new RegExp(`\\s+(${net}\\S*|${net} \\S+)$`, 'i');
    if (answer && /Gebruik dit commando in het kanaal|Use this command in the channel|^Gebruik: |^Usage: /.test(answer.text)) await life.say(who, text.replace(named, ''), in_(net));
    else await choose?.();
  };
  let result: QuarterResult;
  try {
    // Monday 4 January 2027: Anna adds the app to the team and starts Jeugd Leiden and Wonen Leiden;
    // Joris starts Zorg Katwijk. Bram is procesbegeleider of all three.
    await life.at('2027-01-04 09:00');
    await life.deliver(life.h.teamInstall(cast.anna), 'anna');
    for (const who of Object.keys(cast) as Name[]) await life.deliver(life.h.personalInstall(cast[who]), who);
    await life.say('emma', 'language en', personal);
    await life.say('anna', 'start Jeugd Leiden', in_('jeugd'));
    await life.say('anna', 'rol procesbegeleider @bram', in_('jeugd'));
    await life.say('anna', 'rol deelnemer @emma @sanne', in_('jeugd'));
    await life.say('anna', 'start Wonen Leiden', in_('wonen'));
    await life.say('anna', 'rol procesbegeleider @bram', in_('wonen'));
    await life.say('anna', 'rol deelnemer @emma @ahmed', in_('wonen'));
    await life.say('joris', 'start Zorg Katwijk', in_('zorg'));
    await life.say('joris', 'rol procesbegeleider @bram', in_('zorg'));
    await life.say('joris', 'rol deelnemer @fleur', in_('zorg'));
    // Jeugd and Wonen meet on the same Thursday; Zorg a fortnight later; in March Zorg and Jeugd share a day again.
    await life.say('anna', 'sessie 2027-01-28 14:00-17:00 Stadhuis Leiden, zaal 2', in_('jeugd'));
    await life.say('anna', 'sessie 2027-03-25 14:00-17:00 Stadhuis Leiden, zaal 2', in_('jeugd'));
    await life.say('anna', 'sessie 2027-01-28 09:30-12:00 Bibliotheek Leiden', in_('wonen'));
    await life.say('anna', 'sessie 2027-03-11 09:30-12:00 Bibliotheek Leiden', in_('wonen'));
    await life.say('bram', 'sessie 2027-02-11 13:00-16:00 Gemeentehuis Katwijk', in_('zorg'));
    await life.say('bram', 'sessie 2027-03-25 09:30-12:00 Gemeentehuis Katwijk', in_('zorg'));
    // What Bram and Emma ask in their personal chat, being in several networks.
    await life.at('2027-01-04 11:00');
    // Asked which network, Bram presses one; Emma types its name; Bram names it in the command.
    await direct('bram', 'netwerk', 'zorg', () => life.press('bram', /Over welk netwerk/, 'Zorg Katwijk'));
    await direct('bram', 'sessies', 'wonen', () => life.press('bram', /Over welk netwerk/, 'Wonen Leiden'));
    await direct('emma', 'sessions', 'jeugd', () => life.say('emma', 'jeugd', personal));
    await direct('bram', 'tijdlijn Jeugd Leiden', 'jeugd');
    await life.say('bram', 'hoe krijg ik de partners weer mee?', personal);
    await life.at('2027-01-04 23:00');

    // Preparation nudges through January; Bram ticks one off on each of two days' messages.
    await life.at('2027-01-11 09:30');
    const earlier = life.latestCard('bram', /voorbereiding/i);
    await life.at('2027-01-14 09:30');
    await life.press('bram', /voorbereiding/i, 'Gedaan');
    // A card of the week before, while a newer one came since.
    if (earlier) await life.press('bram', earlier, 'Gedaan');
    await life.at('2027-01-21 09:30');
    await life.press('bram', /Over een week.*Wonen|Wonen.*Over een week/s, 'Ik kom');
    await life.press('emma', /In a week/, "I'll come");
    await life.at('2027-01-21 23:00');

    // The double Thursday; the next morning both pulses open, Anna starts them from her personal chat.
    await life.at('2027-01-29 10:00');
    await direct('anna', 'pulse', 'jeugd', () => life.press('anna', /Over welk netwerk/, 'Jeugd Leiden'));
    await direct('anna', 'pulse Wonen Leiden', 'wonen');
    await vote('emma', 4, /Jeugd/);
    await vote('emma', 2, /Wonen/);
    await vote('sanne', 5, /Jeugd/);
    await vote('ahmed', 3, /Wonen/);
    await life.at('2027-01-29 23:00');

    // The process restarts with two pulses open.
    await life.at('2027-02-01 10:00');
    await life.restart();
    await life.say('sanne', 'vier Tien organisaties aan tafel bij Jeugd!', in_('jeugd'));
    await direct('bram', 'successen', 'jeugd', () => life.press('bram', /Over welk netwerk/, 'Jeugd Leiden'));
    await direct('emma', 'wins Jeugd Leiden', 'jeugd');
    await life.say('bram', 'mijn-gegevens', personal);
    await life.at('2027-02-11 18:00');
    await life.at('2027-02-12 10:00');
    await life.say('bram', 'pulse', in_('zorg'));
    await vote('fleur', 4, /Zorg/);
    await life.at('2027-02-19 10:00');
    await direct('bram', 'pulse resultaten', 'wonen', () => life.press('bram', /Over welk netwerk/, 'Wonen Leiden'));
    await direct('anna', 'pulse resultaten jeugd', 'jeugd');

    // Emma leaves Wonen Leiden; the Wonen session of 11 March moves a week.
    await life.at('2027-03-01 10:00');
    await life.say('anna', 'rol weg deelnemer @emma', in_('wonen'));
    await life.say('bram', 'sessie verplaats 2027-03-11 2027-03-18', in_('wonen'));
    await life.at('2027-03-18 18:00');
    await life.at('2027-03-19 10:00');
    await life.say('anna', 'pulse', in_('wonen'));
    await vote('ahmed', 4, /Wonen/);
    // Zorg in the morning and Jeugd in the afternoon of 25 March; both pulses the next day.
    await life.at('2027-03-26 10:00');
    await life.say('anna', 'pulse', in_('jeugd'));
    await life.say('joris', 'pulse', in_('zorg'));
    await vote('emma', 5, /Jeugd/);
    await vote('sanne', 4, /Jeugd/);
    await vote('fleur', 3, /Zorg/);
    // Emma is in one network now: her personal chat knows which.
    await life.at('2027-04-05 10:00');
    await direct('bram', 'sessies zorg', 'zorg');
    await life.say('emma', 'sessions', personal);
  } finally {
    result = await life.end();
  }
  result.problems.push(...readingProblems(result.seen, english, new Set(Object.keys(cast))));
  return result;
}

/** Messages per day of a reader, as 'yyyy-MM-dd n' lines of the days they got any. */
export function dailyCounts(result: QuarterResult, reader: string): string {
  return [...messagesPerDay(result.seen, reader)].map(([day, n]) => `${day} ${n}`).join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await liveMultiQuarter();
  await writeTranscripts(outDir('var/teams-multi-quarter'), result.seen, [...Object.keys(cast), ...Object.keys(channels).map((n) => readerOf(n as Net))]);
  for (const reader of ['bram', 'anna', 'emma']) process.stdout.write(`## ${reader}\n${dailyCounts(result, reader)}\n\n`);
  process.stdout.write(`restarts: ${result.restarts}, ${Math.round(result.ms / 1000)} s\n\nproblems (${result.problems.length}):\n${result.problems.map((p) => `- ${p}`).join('\n')}\n`);
}
