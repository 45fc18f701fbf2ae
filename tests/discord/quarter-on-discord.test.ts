// The key days of a network's first quarter on Discord, as its people: real discord.js against the
// fake REST API, on a SQLite file that a restarted app opens again. Roles, a session moved, the week
// and day reminders answered in DMs (and on the channel copy for a member with closed DMs), a pulse,
// a win with its cheers, a session cancelled and re-planned after a restart, and vergeet-mij.
// LISO_QUARTER_TRANSCRIPT=<file> writes every message as its reader saw it, and the count per day.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../adapters/discord/custom-ids.ts';
import { discordKeys } from '../../adapters/discord/discord-keys.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/port.ts';
import { CHANNEL, DiscordHarness, people, str, user } from './discord-harness.ts';
import type { Person } from './discord-harness.ts';
import type { FakeDiscord, RecordedCall } from './fake-discord.ts';
import { dmChannelOf, GatewayHarness } from './gateway-harness.ts';

const frank = { id: '100000000000000006', username: 'frank', global_name: 'Frank Miller' };
const hugo = { id: '100000000000000008', username: 'hugo', global_name: 'Hugo Gast' };
const everyone: Person[] = [people.anna, people.bram, people.sanne, frank, hugo];
const nameOf = (id: string) => everyone.find((p) => p.id === id)?.username ?? id;
const dmOf = (person: Person) => `7${person.id}`.slice(0, 19);
const personOfDm = (channel: string) => everyone.find((p) => dmOf(p) === channel);

interface Seen {
  day: string;
  to: string;
  via: string;
  text: string;
  call: RecordedCall;
}

let h: DiscordHarness;
let store: Store;
const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
const dir = mkdtempSync(path.join(tmpdir(), 'liso-discord-quarter-'));
const file = path.join(dir, 'liso.sqlite');
const seen: Seen[] = [];
/** Who an interaction token belongs to (its answers go to them). */
const actors = new Map<string, string>();
let interactions = 0;

/**
 * Discord's interaction ids are unique snowflakes; the harness counts from the same start in
 * every app, and a restarted app on the same store would take a repeat for an answered one.
 */
function unique(raw: any, as: Person): any {
  raw.id = String(1_330_000_000_000_000_000n + BigInt(++interactions));
  raw.token = `token-${raw.id}`;
  actors.set(raw.token, as.id);
  return raw;
}
let read = 0;

function readable(body: any): string {
  const buttons = (body?.components ?? []).flatMap((row: any) => row.components ?? []).map((c: any) => `[${c.label ?? c.placeholder}]`);
  return [body?.content ?? '', buttons.join(' ')].filter(Boolean).join('\n');
}

function collect(fake: FakeDiscord): Seen[] {
  const fresh: Seen[] = [];
  const day = DateTime.fromJSDate(h.t.clock.now(), { zone: 'Europe/Amsterdam' }).toISODate()!;
  for (const call of fake.calls.slice(read)) {
    let m: RegExpExecArray | null;
    // A post Discord refused (closed DMs) reached nobody.
    if (call.method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(call.path)) && call.result) {
      const person = personOfDm(m[1]!);
      fresh.push({ day, to: person ? person.id : m[1]!, via: person ? 'dm' : 'channel', text: readable(call.body), call });
    } else if (call.method === 'POST' && (m = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(call.path))) {
      const to = actors.get(m[1]!) ?? m[1]!;
      if (call.body?.type === 4) fresh.push({ day, to, via: call.body.data?.flags & 64 ? 'ephemeral' : 'visible', text: readable(call.body.data), call });
      if (call.body?.type === 7) fresh.push({ day, to, via: 'update', text: readable(call.body.data), call });
    } else if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/.exec(call.path))) {
      const to = actors.get(m[1]!) ?? m[1]!;
      fresh.push({ day, to, via: call.method === 'PATCH' ? 'update' : call.body?.flags & 64 ? 'ephemeral' : 'followup', text: readable(call.body), call });
    } else if (call.method === 'PATCH' && (m = /^\/channels\/(\d+)\/messages\/\d+$/.exec(call.path))) {
      const person = personOfDm(m[1]!);
      fresh.push({ day, to: person ? person.id : m[1]!, via: 'update', text: readable(call.body), call });
    }
  }
  read = fake.calls.length;
  seen.push(...fresh);
  return fresh;
}

/** Starts the app on the store file (again), with a fresh fake Discord that knows everyone. */
async function boot(): Promise<void> {
  // One simulated clock for the app and the store's expiries, kept across restarts (docs/ARCHITECTURE.md, Time).
  store = await openStore(`sqlite://${file}`, clock);
  h = await DiscordHarness.start({ store, clock });
  read = 0;
  for (const person of everyone) h.fake.users.set(person.id, { ...person });
  h.fake.script('POST', new RegExp(`^/channels/${dmOf(hugo)}/messages$`), { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } }, 999);
}

async function tick(): Promise<Seen[]> {
  await h.t.app.bot.tick(h.t.clock.now());
  return collect(h.fake);
}

async function slash(as: Person, text: string, persons: Person[] = []): Promise<Seen[]> {
  const [sub, ...rest] = text.split(' ');
  const raw = unique(h.slash(sub!, [...(rest.length > 0 ? [str('tekst', rest.join(' '))] : []), ...persons.map((p, i) => user(i === 0 ? 'persoon' : `persoon${i + 1}`, p))], as), as);
  await h.inject(raw);
  return tick();
}

async function actionOf(customId: string): Promise<{ actionId: string; value: string } | undefined> {
  const decoded = decodeCustomId(customId);
  if (decoded.kind === 'button') return { actionId: decoded.actionId, value: decoded.value };
  if (decoded.kind === 'hashed') return h.t.app.store.get(discordKeys.longCustomId(decoded.hash));
  return undefined;
}

async function buttonOn(s: Seen, actionId: string): Promise<string | undefined> {
  const body = s.call.body?.data ?? s.call.body;
  for (const row of body?.components ?? []) for (const c of row.components ?? []) if ((await actionOf(c.custom_id))?.actionId === actionId) return c.custom_id;
  return undefined;
}

async function press(as: Person, on: Seen, customId: string): Promise<Seen[]> {
  const inDm = on.via === 'dm';
  const raw = unique(h.press(customId, as, { id: on.call.result?.id, components: on.call.body.components, ...(inDm ? { dmChannel: dmOf(as) } : {}) }), as);
  await h.inject(raw);
  return tick();
}

/** People answer what reaches them at a due moment: Ik kom (Frank cannot come), Gedaan, pulse votes. */
async function answer(fresh: Seen[]): Promise<void> {
  for (const s of fresh.filter((x) => x.via === 'dm')) {
    const as = everyone.find((p) => p.id === s.to)!;
    const rsvp = await buttonOn(s, as === frank ? 'session.rsvp.no' : 'session.rsvp.yes');
    if (rsvp) await press(as, s, rsvp);
    for (const row of s.call.body?.components ?? []) {
      for (const c of row.components ?? []) {
        const action = await actionOf(c.custom_id);
        if (action?.actionId === 'nudge.done') await press(as, s, c.custom_id);
        if (action?.actionId === 'pulse.vote' && action.value.endsWith(':4')) await press(as, s, c.custom_id);
      }
    }
  }
}

async function walk(until: Date): Promise<void> {
  for (let step = 0; step < 2_000; step++) {
    const due = await h.t.app.bot.nextDue(h.t.clock.now());
    if (!due || due > until) break;
    if (due > h.t.clock.now()) h.t.clock.set(due);
    await answer(await tick());
  }
  if (until > h.t.clock.now()) h.t.clock.set(until);
  await answer(await tick());
}

beforeAll(async () => {
  await boot();
});

afterAll(async () => {
  const out = process.env['LISO_QUARTER_TRANSCRIPT'];
  if (out) {
    const counted = (s: Seen) => s.via !== 'update';
    const days = [...new Set(seen.filter(counted).map((s) => s.day))].sort();
    const table = everyone.map((p) => {
      const mine = seen.filter((s) => s.to === p.id && counted(s));
      return `| ${p.username} | ${days.map((d) => mine.filter((s) => s.day === d).length || '').join(' | ')} | ${mine.length} |`;
    });
    const head = [`| person | ${days.map((d) => d.slice(5)).join(' | ')} | total |`, `|---|${days.map(() => '---').join('|')}|---|`];
    const channel = seen.filter((s) => s.to === CHANNEL && counted(s)).length;
    writeFileSync(out, `# Discord quarter\n\n${[...head, ...table].join('\n')}\n\nchannel posts: ${channel}\n\n${seen.map((s) => `## ${s.day} → ${nameOf(s.to)} (${s.via})\n${s.text}\n`).join('\n')}`);
  }
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a first quarter on Discord, as its people', () => {
  it('lives the key days', { timeout: 120_000 }, async () => {
    await slash(people.anna, 'start Jeugdzorg Delft');
    await slash(people.anna, 'rol procesbegeleider', [people.bram]);
    await slash(people.anna, 'rol deelnemer', [people.sanne, frank, hugo]);
    await slash(frank, 'taal en');
    await slash(people.anna, 'sessie 2027-01-28 14:00-17:00 Stadhuis Delft');
    await walk(new Date('2027-01-21T09:00:00Z'));
    // Frank answers on the channel copy of Hugo's reminder: privately, the channel's copy unchanged.
    const forHugo = seen.filter((s) => s.to === CHANNEL && s.text.includes(`<@${hugo.id}>`) && s.text.includes('[Ik kom]')).at(-1)!;
    const pressed = await press(frank, forHugo, (await buttonOn(forHugo, 'session.rsvp.yes'))!);
    expect(pressed.filter((s) => s.via === 'update')).toEqual([]);
    expect(pressed.filter((s) => s.to === frank.id).map((s) => s.text)).toEqual([expect.stringContaining("✅ You're coming.")]);
    await slash(people.anna, 'sessie verplaats 2027-01-28 2027-02-04');
    await walk(new Date('2027-02-05T09:00:00Z'));
    const started = await slash(people.anna, 'pulse');
    // Hugo's direct messages fail and Frank said he could not come: the pulse says it reached Sanne, and why not the others.
    const startedText = started.filter((s) => s.to === people.anna.id).map((s) => s.text).join('\n');
    expect(startedText).toMatch(/1 persoon kreeg een privébericht/);
    expect(startedText).toMatch(/Aan 1 persoon kon ik geen privébericht sturen/);
    expect(startedText).toMatch(/1 persoon die aangaf niet te kunnen komen, kreeg geen uitnodiging/);
    await slash(people.sanne, 'vier de wijkteams sturen nu samen door', [frank]);
    const win = seen.filter((s) => s.to === CHANNEL && s.text.includes('[🎉 Mooi!]')).at(-1)!;
    const cheers = [];
    for (const as of [people.anna, frank, frank]) cheers.push(await press(as, win, (await buttonOn(win, 'wins.cheer'))!));
    // Frank's second press counts once: the win's count does not change again.
    expect(cheers[2]!.filter((s) => s.via === 'update')).toEqual([]);
    await slash(people.anna, 'sessie 2027-03-04 14:00-16:30 https://meet.example.org/delft');

    // A redeploy: a new app on the same store file.
    await h.close();
    await boot();
    await walk(new Date('2027-02-26T09:00:00Z'));
    await slash(people.bram, 'sessie annuleer 2027-03-04');
    await slash(people.bram, 'sessie 2027-03-11 14:00-16:30 https://meet.example.org/delft');
    await walk(new Date('2027-03-12T09:00:00Z'));
    const report = await slash(frank, 'mijn-gegevens');
    expect(report.filter((s) => s.to === frank.id).map((s) => s.text).join('\n')).toMatch(/Jeugdzorg Delft/);
    const asked = await slash(frank, 'vergeet-mij');
    const confirm = asked.find((s) => s.to === frank.id)!;
    await press(frank, confirm, (await buttonOn(confirm, 'privacy.forget'))!);
    await walk(new Date('2027-03-20T09:00:00Z'));

    // The process comes back logged in to the gateway, on the same store file: Sanne asks in a DM,
    // Anna mentions the bot in the channel; both get the handbook's answer in Dutch, Anna's in reply.
    await h.close();
    const gateway = await GatewayHarness.start({ stores: [await openStore(`sqlite://${file}`, clock)], clock });
    try {
      gateway.send(gateway.dm('hoe houden we de vaart erin na de tweede sessie?', people.sanne));
      // Her first direct message: the introduction, then the answer (no menu: she asked something).
      const dm = await gateway.waitForPosts(dmChannelOf(people.sanne), 2);
      gateway.send(gateway.channelMessage('@bot wat doet een verbindingsfunctionaris?', people.anna));
      const [reply] = await gateway.waitForPosts(CHANNEL, 1);
      for (const post of [...dm, reply!]) {
        expect(post.body.content).not.toMatch(/undefined|\/liso start/);
        expect(post.body.allowed_mentions).toMatchObject({ parse: [] });
      }
      expect(dm.at(-1)!.body.content).toMatch(/Bron: LISO-handboek/);
      expect(reply!.body.content).toMatch(/verbindingsfunctionaris/i);
      expect(reply!.body.message_reference).toBeDefined();
      if (process.env['LISO_QUARTER_TRANSCRIPT']) for (const post of [...dm, reply!]) seen.push({ day: '2027-03-20', to: post === reply ? CHANNEL : people.sanne.id, via: post === reply ? 'reply' : 'dm', text: readable(post.body), call: post });
    } finally {
      await gateway.close();
    }
    // Booted again for afterAll, which closes it.
    await boot();

    // Nothing reached a person twice: each week and day reminder once per person and date.
    const reminders = seen.filter((s) => s.via === 'dm' && /^### (Over een week|In a week|Vandaag|Today)/m.test(s.text));
    const keys = reminders.map((s) => `${s.to} ${s.day} ${s.text.split('\n')[0]}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
