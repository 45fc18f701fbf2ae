// Big but legitimate content on Teams (tests/limits/big-network.ts): three networks of twenty people
// with long names and twelve sessions each, typed through the real Teams adapter. Every card must be
// one Teams takes, and a long preparation digest keeps every task with its buttons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuarterResult, Seen } from '../../bench/teams-life.ts';
import { TeamsLife, readingProblems } from '../../bench/teams-life.ts';
import type { BigKey } from '../limits/big-network.ts';
import { BIG_CAST, BIG_KEYS, LEAD, bigNetworkCommands } from '../limits/big-network.ts';
import type { Person } from './teams-harness.ts';

const CHANNELS = ['19:big-net-1@thread.tacv2', '19:big-net-2@thread.tacv2', '19:big-net-3@thread.tacv2'];
const cast = Object.fromEntries(BIG_KEYS.map((key) => [key, { id: `29:1${key}`, name: BIG_CAST[key] }])) as Record<BigKey, Person>;

let life: TeamsLife<BigKey>;
let result: QuarterResult;

beforeAll(async () => {
  life = await TeamsLife.begin(cast, Object.fromEntries(CHANNELS.map((id, i) => [id, `channel:${i}`])), '2027-01-04 08:55', { restarts: false });
  await life.at('2027-01-04 09:00');
  for (const key of BIG_KEYS) await life.deliver(life.h.personalInstall(cast[key]), key);
  for (const command of bigNetworkCommands((key) => `@${key}`)) await life.say(command.who, command.text, life.channel(`channel:${command.network}`));
  await life.at('2027-01-21 09:30');
  result = await life.end();
}, 180_000);

afterAll(async () => {
  await life?.end().catch(() => undefined);
});

const digestsOf = (key: BigKey): Seen[] => result.seen.filter((s) => s.to === key && s.how === 'post' && /^Je voorbereiding voor vandaag/.test(s.text));

describe('three networks of twenty people on Teams', () => {
  it('sends nothing Teams would refuse, every card valid, and reads clean', () => {
    expect(result.problems).toEqual([]);
    expect(readingProblems(result.seen, new Set(), new Set(BIG_KEYS))).toEqual([]);
  });

  it('keeps every task of the lead\'s biggest digest with its buttons, nothing cut', () => {
    const biggest = digestsOf(LEAD).sort((a, b) => b.buttons.length - a.buttons.length)[0]!;
    const tasks = Number(/Je voorbereiding voor vandaag: (\d+) taken/.exec(biggest.text)![1]);
    expect(tasks).toBeGreaterThan(15);
    expect(biggest.buttons.filter((b) => b === 'Gedaan')).toHaveLength(tasks);
    // Each task has its second button, also when another network's same task has the same one: a
    // digest this long is compact, and "Later of n.v.t.…" asks for the handbook advice too.
    expect(biggest.buttons.filter((b) => b === 'Later of n.v.t.…')).toHaveLength(tasks);
    expect(biggest.text).not.toMatch(/\n…$/);
  });
});
