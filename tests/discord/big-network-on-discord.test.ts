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
import type { RecordedCall } from './fake-discord.ts';

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
let digestCalls: RecordedCall[] = [];
/** A part's body as last redrawn by a press, by message id. */
const redrawnParts = new Map<string, any>();

beforeAll(async () => {
  h = await DiscordHarness.start({ clock: new SimulatedClock(new Date('2027-01-04T08:00:00Z')) });
  for (const person of Object.values(cast)) h.fake.users.set(person.id, { ...person });
  for (const command of bigNetworkCommands((key) => `<@${cast[key].id}>`)) await slash(cast[command.who], command.text, CHANNELS[command.network]!);
  // The morning after the first sessions: the three networks' next sessions are two weeks away, and
  // every task of their preparation that fell due before comes at once.
  const until = DateTime.fromISO('2027-01-15T09:30', { zone: 'Europe/Amsterdam' }).toJSDate();
  for (let step = 0; step < 500; step++) {
    const due = await h.t.app.bot.nextDue(h.t.clock.now());
    if (!due || due > until) break;
    if (due > h.t.clock.now()) h.t.clock.set(due);
    await h.t.app.bot.tick(h.t.clock.now());
  }
  const toLead = h.fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${dmOf(cast[LEAD])}/messages` && c.result);
  // A digest is its first part (the heading) and the parts after it that start no message of their own.
  const digests: RecordedCall[][] = [];
  for (const call of toLead) {
    if (/^### Je voorbereiding voor vandaag/.test(call.body.content ?? '')) digests.push([call]);
    else if (!/^### /.test(call.body.content ?? '') && digests.length > 0) digests.at(-1)!.push(call);
  }
  digestCalls = digests.reduce((most, calls) => (tasksIn(calls.map((c) => c.body)) > tasksIn(most.map((c) => c.body)) ? calls : most), [] as RecordedCall[]);
  digestParts = digestCalls.map((call) => call.body);
}, 180_000);

const tasksIn = (parts: any[]) => Number(/Je voorbereiding voor vandaag: (\d+) taken/.exec(parts[0]?.content ?? '')?.[1] ?? 0);

afterAll(async () => {
  await h?.close();
});

const buttonsOn = (body: any): Array<{ actionId: string; value: string; customId: string }> =>
  (body.components ?? []).flatMap((row: any) => row.components.map((c: any) => ({ ...decodeCustomId(c.custom_id), customId: c.custom_id }))).flatMap((d: any) => (d.kind === 'button' ? [d] : []));
const actionsOn = (body: any): string[] => buttonsOn(body).map((b) => b.actionId);

describe('three networks of twenty people on Discord', () => {
  it('sends nothing Discord would refuse', () => {
    expect(h.fake.violations).toEqual([]);
  });

  it('shows nobody an id: only names, dates and words', () => {
    const shown = h.fake.calls.filter((c) => c.method === 'POST' && /\/messages$/.test(c.path) && c.result).map((c) => String(c.body.content ?? '').replace(/<@\d+>/g, ''));
    expect(shown.length).toBeGreaterThan(50);
    expect(shown.filter((text) => /\b[0-9a-f]{8}\b|\b\d{17,19}\b/.test(text))).toEqual([]);
  });

  it('keeps every task of a long preparation digest with its text and its buttons, nothing cut', () => {
    const tasks = tasksIn(digestParts);
    expect(tasks).toBeGreaterThan(20);
    // Before: the digest was cut after five tasks ("…"), and four more messages held only rows of
    // Gedaan / Later / Niet van toepassing buttons without the tasks they were for.
    expect(digestParts.filter((body) => actionsOn(body).length > 0 && !body.content)).toEqual([]);
    expect(digestParts.filter((body) => /…$/.test(body.content ?? ''))).toEqual([]);
    expect(digestParts.flatMap(actionsOn).filter((a) => a === 'nudge.done')).toHaveLength(tasks);
    // Each task keeps its second button, also when another network's same task has the same one
    // (before: the handbook button was dropped as a duplicate custom id, so only the first of the
    // three had it). A digest this long is compact: "Later of n.v.t.…" asks for the handbook advice too.
    expect(digestParts.flatMap(actionsOn).filter((a) => a === 'nudge.more')).toHaveLength(tasks);
  });

  it('redraws the part that was pressed with its own tasks when a task on a later part is done', async () => {
    // The last part with two tasks or more: one is pressed, the other stays to find the part by.
    // (How many tasks each part holds depends on which digest came biggest, which the machine's
    // load can change. A part whose only task is done: the next test.)
    const doneButtons = (call: RecordedCall) => buttonsOn(call.body).filter((b) => b.actionId === 'nudge.done');
    const pressedOn = digestCalls.slice(1).reverse().find((call) => doneButtons(call).length >= 2)!;
    expect(pressedOn, 'a later part with two tasks').toBeDefined();
    const tasks = doneButtons(pressedOn);
    const before = h.fake.calls.length;
    await h.inject(h.press(tasks[0]!.customId, cast[LEAD], { id: pressedOn.result.id, components: pressedOn.body.components, content: pressedOn.body.content ?? '', dmChannel: dmOf(cast[LEAD]) }));
    const redraws = h.fake.calls.slice(before).filter((c) => (/\/callback$/.test(c.path) && c.body.type === 7) || c.method === 'PATCH').map((c) => (c.body.type === 7 ? c.body.data : c.body));
    expect(redraws).toHaveLength(1);
    redrawnParts.set(pressedOn.result.id, redraws[0]);
    // Before: the part showed the tasks of an earlier part (the first it shared a button with), and its own were gone.
    const after = buttonsOn(redraws[0]).filter((b) => b.actionId === 'nudge.done').map((b) => b.value);
    for (const other of tasks.slice(1)) expect(after).toContain(other.value);
    expect(redraws[0].content).not.toMatch(/^### Je voorbereiding/);
    expect(h.fake.violations).toEqual([]);
  });

  it('redraws a later part as itself when the only task left on it is done', async () => {
    // The last part, as it stands (the test before may have redrawn it): its tasks are done one by
    // one, until the only one left with buttons is pressed and nothing of the part is left to find it by.
    const partIndex = digestCalls.length - 1;
    const sent = digestCalls[partIndex]!;
    let current: any = redrawnParts.get(sent.result.id) ?? sent.body;
    const doneOn = (body: any) => buttonsOn(body).filter((b) => b.actionId === 'nudge.done');
    const press = async (customId: string): Promise<{ redraws: any[]; touched: RecordedCall[] }> => {
      const before = h.fake.calls.length;
      await h.inject(h.press(customId, cast[LEAD], { id: sent.result.id, components: current.components, content: current.content ?? '', dmChannel: dmOf(cast[LEAD]) }));
      const calls = h.fake.calls.slice(before);
      // The pressed message is redrawn as the interaction's answer, or, after a deferral (a slow machine), as its original.
      const ownEdit = (c: RecordedCall) => c.method === 'PATCH' && /\/messages\/@original$/.test(c.path);
      const redraws = calls.filter((c) => (/\/callback$/.test(c.path) && c.body.type === 7) || ownEdit(c)).map((c) => (c.method === 'PATCH' ? c.body : c.body.data));
      return { redraws, touched: calls.filter((c) => (c.method === 'PATCH' && !ownEdit(c)) || (c.method === 'POST' && /\/messages$/.test(c.path))) };
    };
    while (doneOn(current).length > 1) {
      const { redraws } = await press(doneOn(current)[0]!.customId);
      expect(redraws).toHaveLength(1);
      current = redraws[0];
      // The redrawn part's buttons carry its part number again, so the next press on it knows it too.
      expect(new Set(buttonsOn(current).map((b: any) => b.part))).toEqual(new Set([partIndex + 1]));
    }
    const marked = String(current.content).split('\n').filter((line) => line.includes('✅ Gedaan door'));
    const { redraws, touched } = await press(doneOn(current)[0]!.customId);
    // Exactly this part is redrawn (the pressed message is the interaction's own); no other message is touched.
    expect(redraws).toHaveLength(1);
    expect(touched).toEqual([]);
    // Before: the part became the digest's first part ("### Je voorbereiding voor vandaag…").
    const content = String(redraws[0].content);
    expect(content).not.toMatch(/^### /);
    expect(doneOn(redraws[0])).toEqual([]);
    expect(content.split('\n').filter((line) => line.includes('✅ Gedaan door'))).toHaveLength(marked.length + 1);
    for (const line of marked) expect(content).toContain(line);
    expect(h.fake.violations).toEqual([]);
  });
});
