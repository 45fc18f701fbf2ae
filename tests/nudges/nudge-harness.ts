// Drives the real app through a quarter: a recording adapter that notes the simulated time of
// every message, commands and button presses as events, and a loop that visits every due moment.
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';
import type { MessageRef, Responder } from '../../src/core/chat-adapter.ts';
import type { SimulatedClock } from '../../src/core/clock.ts';
import type { CommandEvent, MentionedUser } from '../../src/core/events.ts';
import type { Button, Message } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toPlainString } from '../../src/core/rich-text.ts';
import { keys } from '../../src/domain/keys.ts';
import type { Session } from '../../src/domain/types.ts';
import type { App } from '../../src/app.ts';

export interface Delivered {
  kind: 'direct' | 'channel' | 'reply' | 'update';
  to: string;
  at: string;
  message: Message;
  /** The tasks of a digest (from their Gedaan buttons, or a hand-over's list): session and task id each, with the line's buttons. */
  tasks: Array<{ sessionId: string; task: string; buttons: Button[] }>;
}

/** One task line of a digest as it was delivered. */
export interface DeliveredTask extends Omit<Delivered, 'tasks'> {
  task: string;
  sessionId: string;
  buttons: Button[];
}

/** Task ids by their Dutch and English titles (an open task in a hand-over list is its title alone). */
const taskIdByTitle = new Map(
  ['nl', 'en'].flatMap((lang) =>
    Object.entries(JSON.parse(readFileSync(path.resolve(import.meta.dirname, `../../prompts/${lang}/nudges.json`), 'utf8')) as Record<string, string>).flatMap(([key, title]) => {
      const id = /^nudge\.task\.(.+)\.title$/.exec(key)?.[1];
      return id ? [[title, id] as const] : [];
    }),
  ),
);

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

  /** Every task line (with answer buttons) of the digests sent so far, one entry per line. */
  nudges(): DeliveredTask[] {
    return this.log
      .filter((d) => d.kind === 'direct' || d.kind === 'channel')
      .flatMap(({ tasks, ...d }) => tasks.map((line) => ({ ...d, ...line })));
  }

  /** Digests (messages with a task line or an overview) sent so far. */
  digests(): Delivered[] {
    return this.log.filter((d) => (d.kind === 'direct' || d.kind === 'channel') && d.message.summary.startsWith('Je voorbereiding'));
  }

  protected note(kind: Delivered['kind'], to: string, message: Message): void {
    const tasks = message.blocks.flatMap((b, i) => {
      if (b.type !== 'actions') return [];
      const handover = b.buttons.find((button) => button.actionId === 'nudge.handover');
      const list = message.blocks[i - 1];
      // A hand-over lists the other lead's open tasks by title, with one button for them all.
      if (handover && list?.type === 'list') {
        const sessionId = handover.value.split(':')[0]!;
        return list.items.flatMap((item) => {
          const task = taskIdByTitle.get(toPlainString(item));
          return task ? [{ sessionId, task, buttons: [handover] }] : [];
        });
      }
      const done = b.buttons.find((button) => button.actionId === 'nudge.done');
      if (!done) return [];
      const [sessionId, task] = done.value.split(':');
      return [{ sessionId: sessionId!, task: task!, buttons: b.buttons }];
    });
    this.log.push({ kind, to, at: this.clock.now().toISOString(), message, tasks });
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

/**
 * The network every test uses: Anna trekker, Bram procesbegeleider, Sanne deelnemer, which met
 * on 10 December 2026 (so the session planned gets the regular timeline, not the first-session plan).
 */
export async function setUpNetwork(h: Harness, session = '2027-04-08 14:00'): Promise<string> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  await h.run('anna', 'rol deelnemer <@sanne>');
  const network = (await h.app.directory.all())[0]!;
  await addHeldSession(h, network.id, '2026-12-10');
  await h.run('anna', `sessie ${session}`);
  return (await h.app.sessions.next(network.id))!.id;
}

/** A session at 14:00 on `date` that took place before the test's clock began (written as the planner writes it). */
export async function addHeldSession(h: { app: App }, networkId: string, date: string): Promise<Session> {
  const startsAt = DateTime.fromISO(`${date}T14:00`, { zone: 'Europe/Amsterdam' }).toJSDate();
  const session: Session = { id: `held-${networkId}-${date}`, networkId, date, time: '14:00', timeZone: 'Europe/Amsterdam', startsAt, status: 'planned', createdAt: startsAt, createdBy: 'anna', updatedAt: startsAt, movedFrom: [] };
  await h.app.store.set(keys.session(session.id), session);
  await h.app.store.setAdd(keys.networkSessions(networkId), [session.id]);
  return session;
}
