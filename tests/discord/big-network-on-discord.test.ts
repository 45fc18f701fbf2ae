// Big but legitimate content on Discord (tests/limits/big-network.ts): three networks of twenty
// people with long names and twelve sessions each, typed as /liso commands into real discord.js.
// Every payload must be one Discord takes, and a long message keeps its text with its buttons.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../adapters/discord/custom-ids.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { BigKey } from '../limits/big-network.ts';
import { BIG_CAST, BIG_KEYS, LEAD, bigNetworkCommands } from '../limits/big-network.ts';
import { DiscordHarness, str } from './discord-harness.ts';
import type { Person } from './discord-harness.ts';

const CHANNELS = ['810000000000000001', '810000000000000002', '810000000000000003'];
const cast = Object.fromEntries(
  BIG_KEYS.map((key, i) => [key, { id: String(200000000000000001n + BigInt(i)), username: key, global_name: BIG_CAST[key] }]),
) as Record<BigKey, Person>;
const dmOf = (person: Person) => `7${person.id}`.slice(0, 19);

let h: DiscordHarness;

async function slash(as: Person, text: string, channel: string): Promise<void> {
  const [sub, ...rest] = text.split(' ');
  const raw = h.slash(sub!, rest.length > 0 ? [str('tekst', rest.join(' '))] : [], as);
  raw.channel_id = channel;
  raw.channel.id = channel;
  await h.inject(raw);
  await h.t.app.bot.tick(h.t.clock.now());
}

/** The lead's biggest preparation digest of the walk: its parts as Discord received them. */
let digestParts: any[] = [];

beforeAll(async () => {
  h = await DiscordHarness.start({ clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')) });
  for (const person of Object.values(cast)) h.fake.users.set(person.id, { ...person });
  for (const command of bigNetworkCommands((key) => `<@${cast[key].id}>`)) await slash(cast[command.who], command.text, CHANNELS[command.network]!);
  // A month of mornings: catch-up after the first sessions piles the three networks' tasks up.
  const until = DateTime.fromISO('2027-02-05T09:30', { zone: 'Europe/Amsterdam' }).toJSDate();
  for (let step = 0; step < 500; step++) {
    const due = await h.t.app.bot.nextDue(h.t.clock.now());
    if (!due || due > until) break;
    if (due > h.t.clock.now()) h.t.clock.set(due);
    await h.t.app.bot.tick(h.t.clock.now());
  }
  const toLead = h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${dmOf(cast[LEAD])}/messages` && c.result).map((c) => c.body);
  // A digest is its first part (the heading) and the parts after it that start no message of their own.
  const digests: any[][] = [];
  for (const body of toLead) {
    if (/^### Je voorbereiding voor vandaag/.test(body.content ?? '')) digests.push([body]);
    else if (!/^### /.test(body.content ?? '') && digests.length > 0) digests.at(-1)!.push(body);
  }
  digestParts = digests.reduce((most, parts) => (tasksIn(parts) > tasksIn(most) ? parts : most), [] as any[]);
}, 180_000);

const tasksIn = (parts: any[]) => Number(/Je voorbereiding voor vandaag: (\d+) taken/.exec(parts[0]?.content ?? '')?.[1] ?? 0);

afterAll(async () => {
  await h?.close();
});

const actionsOn = (body: any): string[] =>
  (body.components ?? []).flatMap((row: any) => row.components.map((c: any) => decodeCustomId(c.custom_id))).flatMap((d: any) => (d.kind === 'button' ? [d.actionId] : []));

describe('three networks of twenty people on Discord', () => {
  it('sends nothing Discord would refuse', () => {
    expect(h.fake.violations).toEqual([]);
  });

  it('keeps every task of a long preparation digest with its text and its buttons, nothing cut', () => {
    const tasks = tasksIn(digestParts);
    expect(tasks).toBeGreaterThan(20);
    // Before: the digest was cut after five tasks ("…"), and four more messages held only rows of
    // Gedaan / Later / Niet van toepassing buttons without the tasks they were for.
    expect(digestParts.filter((body) => actionsOn(body).length > 0 && !body.content)).toEqual([]);
    expect(digestParts.filter((body) => /…$/.test(body.content ?? ''))).toEqual([]);
    expect(digestParts.flatMap(actionsOn).filter((a) => a === 'nudge.done')).toHaveLength(tasks);
  });
});
