// Drives the real app through a quarter: a recording adapter that notes the simulated time of
// every message, commands and button presses as events, and a loop that visits every due moment.
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';
import type { MessageRef, Responder } from '../../src/core/chat-adapter.ts';
import type { SimulatedClock } from '../../src/core/clock.ts';
import type { CommandEvent, MentionedUser } from '../../src/core/events.ts';
import type { Message } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';

export interface Delivered {
  kind: 'direct' | 'channel' | 'reply' | 'update';
  to: string;
  at: string;
  message: Message;
  /** The task of a nudge (from its Gedaan button), if the message is one. */
  task?: string;
  sessionId?: string;
}

/** A recording adapter that stamps every message with the simulated time. */
export class TimedAdapter extends RecordingAdapter {
  readonly log: Delivered[] = [];

  constructor(private readonly clock: SimulatedClock) {
    super('test');
  }

  override async sendDirect(userId: string, message: Message): Promise<MessageRef> {
    this.note('direct', userId, message);
    return super.sendDirect(userId, message);
  }

  override async postToChannel(channelId: string, message: Message): Promise<MessageRef> {
    this.note('channel', channelId, message);
    return super.postToChannel(channelId, message);
  }

  override async update(ref: MessageRef, message: Message): Promise<void> {
    this.note('update', ref.messageId, message);
    return super.update(ref, message);
  }

  override responder(userId: string): Responder {
    return {
      reply: async (message) => this.note('reply', userId, message),
      updateSource: async (message) => this.note('update', userId, message),
    };
  }

  /** Nudges (messages with answer buttons) sent so far. */
  nudges(): Delivered[] {
    return this.log.filter((d) => d.task !== undefined && (d.kind === 'direct' || d.kind === 'channel'));
  }

  protected note(kind: Delivered['kind'], to: string, message: Message): void {
    const done = message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.actionId === 'nudge.done');
    const [sessionId, task] = done ? done.value.split(':') : [];
    this.log.push({ kind, to, at: this.clock.now().toISOString(), message, ...(task ? { task, sessionId } : {}) });
  }
}

export interface Harness extends TestApp {
  timed: TimedAdapter;
  run(user: string, text: string, channel?: string | null): Promise<void>;
  press(user: string, actionId: string, value: string): Promise<void>;
}

export async function createHarness(options: { start: Date; store?: Store; env?: Record<string, string>; adapter?: (clock: SimulatedClock) => TimedAdapter } = { start: new Date() }): Promise<Harness> {
  const base = await createTestApp(options);
  const timed = options.adapter ? options.adapter(base.clock) : new TimedAdapter(base.clock);
  base.app.bot.attach(timed);
  const actor = (user: string) => ({ userId: user, displayName: user.charAt(0).toUpperCase() + user.slice(1) });
  return {
    ...base,
    timed,
    async run(user, text, channel = 'kanaal-1') {
      const mentions: MentionedUser[] = [...text.matchAll(/<@([a-z0-9-]+)>/g)].map((m) => ({ token: m[0], ...actor(m[1]!) }));
      const event: CommandEvent = {
        type: 'command',
        platform: 'test',
        actor: actor(user),
        conversation: channel === null ? { kind: 'direct', id: `dm-${user}` } : { kind: 'channel', id: channel },
        text,
        mentions,
      };
      await base.app.bot.handle(event, timed.responder(user));
    },
    async press(user, actionId, value) {
      await base.app.bot.handle(
        { type: 'action', platform: 'test', actor: actor(user), conversation: { kind: 'direct', id: `dm-${user}` }, actionId, value },
        timed.responder(user),
      );
    },
  };
}

/** Moves every app's clock from due moment to due moment up to `until`, ticking each app at each. */
export async function runUntil(apps: Harness[], until: Date): Promise<void> {
  const lead = apps[0]!;
  for (let step = 0; step < 2_000; step++) {
    const due = await lead.app.bot.nextDue(lead.clock.now());
    if (!due || due > until) break;
    for (const h of apps) if (due > h.clock.now()) h.clock.set(due);
    // Replicas tick at the same moment, interleaving their store calls.
    await Promise.all(apps.map((h) => h.app.bot.tick(h.clock.now())));
  }
  for (const h of apps) {
    if (until > h.clock.now()) h.clock.set(until);
    await h.app.bot.tick(h.clock.now());
  }
}

/** The network every test uses: Anna trekker, Bram procesbegeleider, Sanne deelnemer. */
export async function setUpNetwork(h: Harness, session = '2027-04-08 14:00'): Promise<string> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  await h.run('anna', 'rol deelnemer <@sanne>');
  await h.run('anna', `sessie ${session}`);
  const network = (await h.app.directory.all())[0]!;
  return (await h.app.sessions.next(network.id))!.id;
}
