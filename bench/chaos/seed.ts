// Fills a store with the chaos run's batch through the app itself: every network, role, session,
// pulse and ballot is made by the commands and buttons people use (as Slack users), on a
// simulated clock that runs from two days ago to an hour ago. What the seed's own steps send
// (invitations, reminders, the first-session milestone) goes to a recording adapter here; what
// is due now is left for the real bot process.
import { DateTime } from 'luxon';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import type { ActionEvent, CommandEvent, MentionedUser } from '../../src/core/events.ts';
import { queueKey } from '../../src/core/delivery-records.ts';
import { RecordingAdapter } from '../../tests/fakes/recording-adapter.ts';
import type { Scenario } from './scenario.ts';
import { scenarioEnv } from './scenario.ts';

const MINUTE = 60_000;

export interface SeedResult {
  /** Messages the seed's own steps sent (not part of the owed batch). */
  sentWhileSeeding: number;
  /** Pulse invitations whose buttons carried a ballot (every participant of every pulse network). */
  invitations: number;
  ms: number;
}

/** Seeds `scenario` into the store named by `env` (LISO_STORE, LISO_REDIS_PREFIX). */
export async function seedScenario(scenario: Scenario, env: Record<string, string>): Promise<SeedResult> {
  const started = performance.now();
  const clock = new SimulatedClock(scenario.pulseStart);
  const config = loadConfig({ ...env, ...scenarioEnv(scenario), LISO_RATE_LIMIT_PER_MINUTE: '0' });
  const app = await createApp({ config, clock, log: createLogger('warn') });
  const adapter = new RecordingAdapter(scenario.platform);
  app.bot.attach(adapter);
  const seeder = new Seeder(app, adapter, scenario);
  const { trekker, channel } = scenario.ids;
  try {
    const { nudgeNetworks, pulseNetworks } = scenario.size;
    // Pulse networks: a session held two days ago, a pulse started right after it, answered by all.
    const pulseIds: number[] = [];
    for (let n = nudgeNetworks; n < nudgeNetworks + pulseNetworks; n++) pulseIds.push(n);
    for (const n of pulseIds) await seeder.network(n, scenario.participants);
    const held = new Date(clock.now().getTime() + MINUTE);
    for (const n of pulseIds) await seeder.command(trekker(n), `sessie ${DateTime.fromJSDate(held, { zone: scenario.zone }).toFormat('yyyy-MM-dd HH:mm')} bevestig`, channel(n));
    clock.set(held);
    await app.bot.tick(held);
    for (const n of pulseIds) await seeder.command(trekker(n), 'pulse', channel(n));
    let invitations = 0;
    for (const sent of adapter.sent) {
      for (const block of sent.message?.blocks ?? []) {
        if (block.type !== 'actions') continue;
        const vote = block.buttons.find((b) => b.actionId === 'pulse.vote');
        if (!vote || sent.kind !== 'direct') continue;
        invitations += 1;
        // `<pulse>:<token>:<question>:<score>`: each participant answers the first statement.
        await seeder.press(sent.to, 'pulse.vote', vote.value);
        break;
      }
    }
    // The day-1 reminder goes out during the seed; the close (day 2) is the bot's.
    const reminderAt = new Date(scenario.pulseStart.getTime() + 24 * 60 * MINUTE + 2 * MINUTE);
    clock.set(reminderAt);
    await app.bot.tick(reminderAt);
    // Nudge networks: a first session about two weeks ahead, planned an hour before the nudge time.
    clock.set(scenario.planAt);
    for (let n = 0; n < nudgeNetworks; n++) {
      await seeder.network(n, 0);
      await seeder.command(trekker(n), `sessie ${scenario.sessionDay} 14:00 bevestig`, channel(n));
    }
    const left = (await Promise.all(['now', 'batch'].map((lane) => app.store.setMembers(queueKey(scenario.platform, lane as 'now' | 'batch'))))).flat();
    if (left.length > 0) throw new Error(`the seed left ${left.length} messages queued: ${left.slice(0, 3).join(', ')}`);
    if (invitations !== pulseNetworks * scenario.participants) throw new Error(`expected ${pulseNetworks * scenario.participants} invitations, saw ${invitations}`);
    return { sentWhileSeeding: adapter.sent.filter((s) => s.kind === 'direct' || s.kind === 'channel').length, invitations, ms: performance.now() - started };
  } finally {
    await app.close();
  }
}

/**
 * Runs the tick of the batch's moment once, in a process without the platform's adapter: the
 * owed messages are then in the outbox (queued, nothing sent), so the bot sends from its first
 * second instead of waiting for the next minute's tick. Returns how many messages are queued.
 */
export async function queueDueNow(scenario: Scenario, env: Record<string, string>): Promise<number> {
  const now = scenario.dueAt;
  const config = loadConfig({ ...env, ...scenarioEnv(scenario), LISO_RATE_LIMIT_PER_MINUTE: '0' });
  const app = await createApp({ config, clock: new SimulatedClock(now), log: createLogger('warn') });
  try {
    await app.bot.tick(now);
    return (await app.store.setMembers(queueKey(scenario.platform, 'batch'))).length;
  } finally {
    await app.close();
  }
}

class Seeder {
  constructor(
    private readonly app: App,
    private readonly adapter: RecordingAdapter,
    private readonly scenario: Scenario,
  ) {}

  /** `/liso start` in the network's channel by its trekker, the procesbegeleider and participants. */
  async network(n: number, participants: number): Promise<void> {
    const { trekker, begeleider, participant, channel } = this.scenario.ids;
    await this.command(trekker(n), `start Netwerk ${n}`, channel(n));
    await this.command(trekker(n), `rol procesbegeleider <@${begeleider(n)}>`, channel(n));
    if (participants > 0) {
      const ids = Array.from({ length: participants }, (_, i) => participant(n, i));
      await this.command(trekker(n), `rol deelnemer ${ids.map((id) => `<@${id}>`).join(' ')}`, channel(n));
    }
  }

  async command(user: string, text: string, conversation: string): Promise<void> {
    const mentions: MentionedUser[] = [...text.matchAll(/<@([A-Za-z0-9]+)>/g)].map((m) => ({ token: m[0], userId: m[1]!, displayName: `Persoon ${m[1]}` }));
    const event: CommandEvent = { type: 'command', platform: this.scenario.platform, actor: { userId: user, displayName: `Persoon ${user}` }, conversation: { kind: 'channel', id: conversation }, text, mentions };
    const before = this.adapter.sent.length;
    await this.app.bot.handle(event, this.adapter.responder(user));
    if (process.env['CHAOS_SEED_TRACE']) for (const sent of this.adapter.sent.slice(before)) process.stderr.write(`${text} → ${sent.kind} ${sent.to}: ${sent.text.slice(0, 160)}\n`);
  }

  async press(user: string, actionId: string, value: string): Promise<void> {
    const event: ActionEvent = { type: 'action', platform: this.scenario.platform, actor: { userId: user, displayName: `Persoon ${user}` }, conversation: { kind: 'direct', id: this.scenario.ids.directOf(user) }, actionId, value };
    await this.app.bot.handle(event, this.adapter.responder(user));
  }
}
