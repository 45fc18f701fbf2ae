// Every entry point that reads a member's text, fed every kind of hostile or clumsy text (hostile-inputs.ts),
// through the real core. Each time: an answer, no failure logged, no wall of the input echoed back, and no
// markup that would ping, link or run once the answer is rendered for Slack, Discord or Teams.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { ActionEvent, CommandEvent, MessageEvent } from '../../src/core/events.ts';
import type { Feature } from '../../src/core/feature.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { echoesTooMuch, HOSTILE } from './hostile-inputs.ts';
import { countingStore } from './counting-store.ts';
import { liveMarkup } from './live-markup.ts';

type Where = 'channel' | 'direct';
interface EntryPoint {
  /** What the member types, with X where the hostile text goes. */
  typed: string;
  who: string;
  where: Where;
  /** A command after /liso (default), a free message (a direct message, or a mention in the channel). */
  as?: 'command' | 'message';
}

const CHANNEL = 'kanaal-1';
let channels = 0;

/** A network in kanaal-1: anna trekker, bob procesbegeleider, carla deelnemer, one planned session; dirk's Wonen has carla too. */
async function networks(options: Parameters<typeof createTestApp>[0] = {}): Promise<TestApp> {
  const t = await createTestApp(options);
  await t.command('anna', 'start Jeugd', CHANNEL);
  await t.command('anna', 'rol procesbegeleider <@bob>', CHANNEL);
  await t.command('anna', 'rol deelnemer <@carla>', CHANNEL);
  await t.command('anna', 'sessie 2027-03-11 14:00-17:00 Buurthuis', CHANNEL);
  await t.command('dirk', 'start Wonen', 'kanaal-2');
  await t.command('dirk', 'rol deelnemer <@carla>', 'kanaal-2');
  t.adapter.take();
  return t;
}

/** Typed markup is never a resolved mention: the event names nobody, as a platform would send it. */
async function send(t: TestApp, entry: EntryPoint, text: string): Promise<void> {
  const channel = entry.typed.startsWith('start') ? `nieuw-${++channels}` : CHANNEL;
  const base = {
    platform: 'test',
    actor: { userId: entry.who, displayName: entry.who },
    conversation: entry.where === 'direct' ? { kind: 'direct' as const, id: `dm-${entry.who}` } : { kind: 'channel' as const, id: channel },
    mentions: [],
  };
  const event: CommandEvent | MessageEvent =
    entry.as === 'message' ? { ...base, type: 'message', text, eventId: `m-${Math.random()}` } : { ...base, type: 'command', text };
  await t.app.bot.handle(event, t.adapter.responder(entry.who, { visible: entry.as === 'message' && entry.where === 'channel' }));
}

const ENTRY_POINTS: EntryPoint[] = [
  { typed: 'start X', who: 'anna', where: 'channel' },
  { typed: 'netwerk naam X', who: 'anna', where: 'channel' },
  { typed: 'netwerk X', who: 'carla', where: 'direct' },
  { typed: 'sessie 2027-03-18 14:00-17:00 X', who: 'anna', where: 'channel' },
  { typed: 'sessie X', who: 'anna', where: 'channel' },
  { typed: 'sessie verplaats 2027-03-11 X', who: 'anna', where: 'channel' },
  { typed: 'sessie annuleer X', who: 'anna', where: 'channel' },
  { typed: 'sessie plek 2027-03-11 X', who: 'anna', where: 'channel' },
  { typed: 'sessie agenda 2027-03-11 X', who: 'anna', where: 'channel' },
  { typed: 'sessies X', who: 'carla', where: 'direct' },
  { typed: 'rol X', who: 'anna', where: 'channel' },
  { typed: 'rol deelnemer X', who: 'anna', where: 'channel' },
  { typed: 'rol weg deelnemer X', who: 'anna', where: 'channel' },
  { typed: 'vier X', who: 'carla', where: 'channel' },
  { typed: 'vier X', who: 'carla', where: 'direct' },
  { typed: 'successen X', who: 'carla', where: 'channel' },
  { typed: 'reisverslag X', who: 'anna', where: 'channel' },
  { typed: 'pulse X', who: 'anna', where: 'channel' },
  { typed: 'tijdlijn X', who: 'anna', where: 'channel' },
  { typed: 'tijdlijn rol X', who: 'anna', where: 'channel' },
  { typed: 'taal X', who: 'carla', where: 'channel' },
  { typed: 'help X', who: 'carla', where: 'channel' },
  { typed: 'mijn-gegevens X', who: 'carla', where: 'direct' },
  { typed: 'vergeet-mij X', who: 'carla', where: 'direct' },
  { typed: 'X', who: 'carla', where: 'channel' },
  { typed: 'wanneer is de volgende sessie X', who: 'carla', where: 'channel' },
  { typed: 'X', who: 'carla', where: 'direct', as: 'message' },
  { typed: 'X', who: 'carla', where: 'channel', as: 'message' },
  { typed: 'ja X', who: 'carla', where: 'direct', as: 'message' },
  { typed: 'waar is de sessie? X', who: 'carla', where: 'channel', as: 'message' },
];

function problemsOf(t: TestApp, input: string, logFrom: number): string[] {
  const problems: string[] = [];
  const failures = t.logLines.slice(logFrom).filter((line) => /"level":(50|60)/.test(line));
  if (failures.length > 0) problems.push(`failure logged: ${failures[0]!.slice(0, 160)}`);
  const sent = t.adapter.take();
  if (sent.length === 0) problems.push('no answer');
  for (const answer of sent) {
    if (echoesTooMuch(answer.text, input)) problems.push(`echoed: ${answer.text.slice(0, 120)}`);
    if (answer.message) problems.push(...liveMarkup(answer.message));
  }
  return problems;
}

describe('hostile text through every command and message', () => {
  it.each(ENTRY_POINTS.map((entry) => [`${entry.as ?? 'command'} "${entry.typed}" (${entry.who}, ${entry.where})`, entry] as const))('%s', async (_name, entry) => {
    const t = await networks();
    const broken: Record<string, string[]> = {};
    for (const [name, input] of Object.entries(HOSTILE)) {
      const logFrom = t.logLines.length;
      await send(t, entry, entry.typed.replace('X', () => input));
      const problems = problemsOf(t, input, logFrom);
      if (problems.length > 0) broken[name] = problems;
    }
    expect(broken).toEqual({});
  });
});

describe('hostile button values, as a forged press sends them', () => {
  const ACTION_IDS = [
    'network.choose', 'network.close.confirm', 'network.close.cancel', 'wins.cheer', 'wins.since', 'session.confirm', 'session.rsvp.yes',
    'advice.topic', 'advice.more', 'advice.feedback', 'advice.pass', 'advice.keep', 'advice.discard', 'nudge.done', 'nudge.later', 'nudge.later.tomorrow',
    'pulse.start', 'pulse.vote', 'pulse.open', 'pulse.withdraw', 'privacy.forget', 'privacy.keep', 'privacy.lead', 'nothing.here',
  ];

  it.each(ACTION_IDS)('%s', async (actionId) => {
    const t = await networks();
    const broken: Record<string, string[]> = {};
    const values = { ...HOSTILE, '100,000 characters': 'v'.repeat(100_000), 'separators only': '|:|:|', 'a network and a command': 'x|netwerk naam <!channel>' };
    for (const [name, value] of Object.entries(values)) {
      for (const where of ['direct', 'channel'] as const) {
        const logFrom = t.logLines.length;
        const event: ActionEvent = {
          type: 'action',
          platform: 'test',
          actor: { userId: 'carla', displayName: 'Carla' },
          conversation: where === 'direct' ? { kind: 'direct', id: 'dm-carla' } : { kind: 'channel', id: CHANNEL },
          actionId,
          value,
        };
        await t.app.bot.handle(event, t.adapter.responder('carla'));
        const problems = problemsOf(t, value, logFrom);
        if (problems.length > 0) broken[`${name} (${where})`] = problems;
      }
    }
    expect(broken).toEqual({});
  });
});

describe('the work a text costs does not grow with it', () => {
  it('a command or message of 100,000 characters reaches a feature as at most 4,000', async () => {
    const seen: number[] = [];
    const probe: Feature = { name: 'probe', commands: [{ name: 'sonde', summary: 'help.summary', usage: 'help.usage', run: async (ctx) => void seen.push(ctx.rest.length, ctx.event.text.length, ctx.args.join(' ').length) }] };
    const t = await createTestApp();
    t.app.bot.use(probe);
    const text = `sonde ${Array.from({ length: 20_000 }, (_, i) => `w${i % 997}`).join(' ')}`.slice(0, 100_000);
    await send(t, { typed: text, who: 'carla', where: 'channel' }, text);
    await send(t, { typed: text, who: 'carla', where: 'direct', as: 'message' }, text);
    expect(seen).toHaveLength(6);
    for (const length of seen) expect(length).toBeLessThanOrEqual(4_000);
  });

  // Measured by what reaches the store (no timings): the calls made and the longest one, for 10,000 and 100,000 characters.
  const SHAPES: Record<string, (length: number) => string> = {
    words: (length) => Array.from({ length: length / 5 }, (_, i) => `w${i % 997}`).join(' ').slice(0, length),
    'one word': (length) => 'a'.repeat(length),
    'x@x@…': (length) => 'x@'.repeat(length / 2),
    'date-like runs': (length) => '11-3-'.repeat(length / 5),
  };

  it.each(ENTRY_POINTS.map((entry) => [`${entry.as ?? 'command'} "${entry.typed}" (${entry.who}, ${entry.where})`, entry] as const))('%s', async (_name, entry) => {
    const grows: Record<string, string> = {};
    for (const [shape, make] of Object.entries(SHAPES)) {
      const work: Array<{ calls: number; longestCall: number }> = [];
      for (const length of [10_000, 100_000]) {
        const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
        const counted = countingStore(new MemoryStore(clock));
        const t = await networks({ clock, store: counted.store });
        counted.work.reset();
        await send(t, entry, entry.typed.replace('X', () => make(length)));
        work.push({ calls: counted.work.calls, longestCall: counted.work.longestCall });
      }
      const [small, large] = work as [(typeof work)[0], (typeof work)[0]];
      // The core reads at most 4,000 characters of a text: ten times the text is not ten times the work.
      if (large.calls !== small.calls || large.longestCall > 10_000) grows[shape] = `${JSON.stringify(small)} → ${JSON.stringify(large)}`;
    }
    expect(grows).toEqual({});
  });
});
