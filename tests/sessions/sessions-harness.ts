// The real app on a simulated clock with a recording adapter that stamps every message with the
// simulated time; commands and presses as platform events; a walk over every due moment.
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { TimedAdapter } from '../nudges/nudge-harness.ts';
import type { MentionedUser } from '../../src/core/events.ts';
import type { Button, Message } from '../../src/core/message.ts';
import { messageToPlainText } from '../../src/core/message.ts';

export interface Stamped {
  kind: 'direct' | 'channel' | 'reply' | 'update';
  to: string;
  at: Date;
  message: Message;
  text: string;
}

export interface SessionsHarness extends TestApp {
  log: Stamped[];
  run(user: string, text: string, channel?: string | null): Promise<void>;
  press(user: string, button: Pick<Button, 'actionId' | 'value'>): Promise<void>;
  /** A free message typed in the person's direct conversation with the bot. */
  type(user: string, text: string): Promise<void>;
  /** Visits every due moment up to `until`, ticking at each, as the minute ticker would. */
  walk(until: Date): Promise<void>;
  /** The last private answer to a person. */
  lastReply(user: string): string;
  /** Direct messages to a person (in order). */
  dms(user: string): Stamped[];
}

const actor = (user: string) => ({ userId: user, displayName: user.charAt(0).toUpperCase() + user.slice(1) });

export async function createSessionsHarness(start = new Date('2027-01-04T08:00:00Z')): Promise<SessionsHarness> {
  const base = await createTestApp({ start });
  // The nudges' recording adapter stamps every message with the simulated time.
  const adapter = new TimedAdapter(base.clock);
  base.app.bot.attach(adapter);
  let typed = 0;
  const log = (): Stamped[] => adapter.log.map((d) => ({ kind: d.kind, to: d.to, at: new Date(d.at), message: d.message, text: messageToPlainText(d.message) }));
  return {
    ...base,
    get log() {
      return log();
    },
    async run(user, text, channel = 'kanaal-1') {
      const mentions: MentionedUser[] = [...text.matchAll(/<@([a-z0-9-]+)>/g)].map((m) => ({ token: m[0], ...actor(m[1]!) }));
      await base.app.bot.handle(
        { type: 'command', platform: 'test', actor: actor(user), conversation: channel === null ? { kind: 'direct', id: `dm-${user}` } : { kind: 'channel', id: channel }, text, mentions },
        adapter.responder(user),
      );
    },
    async press(user, button) {
      await base.app.bot.handle(
        { type: 'action', platform: 'test', actor: actor(user), conversation: { kind: 'direct', id: `dm-${user}` }, actionId: button.actionId, value: button.value },
        adapter.responder(user),
      );
    },
    async type(user, text) {
      await base.app.bot.handle(
        { type: 'message', platform: 'test', actor: actor(user), conversation: { kind: 'direct', id: `dm-${user}` }, text, mentions: [], eventId: `typed-${++typed}` },
        adapter.responder(user),
      );
    },
    async walk(until) {
      for (let step = 0; step < 5_000; step++) {
        const due = await base.app.bot.nextDue(base.clock.now());
        if (!due || due > until) break;
        if (due > base.clock.now()) base.clock.set(due);
        await base.app.bot.tick(base.clock.now());
      }
      if (until > base.clock.now()) base.clock.set(until);
      await base.app.bot.tick(base.clock.now());
    },
    lastReply(user) {
      return log().filter((m) => m.kind === 'reply' && m.to === user).at(-1)?.text ?? '';
    },
    dms(user) {
      return log().filter((m) => m.kind === 'direct' && m.to === user);
    },
  };
}

/** The buttons of a message. */
export function buttonsOf(message: Message): Button[] {
  return message.blocks.flatMap((block) => (block.type === 'actions' ? block.buttons : []));
}

/** Session reminders among a person's direct messages. */
export function remindersTo(h: SessionsHarness, user: string): Stamped[] {
  return h.dms(user).filter((m) => buttonsOf(m.message).some((b) => b.actionId.startsWith('session.rsvp.')));
}

/** Local wall-clock "YYYY-MM-DD HH:mm" in Amsterdam. */
export function amsterdam(instant: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(instant);
}

/**
 * Holds the network's first session (Thursday 7 January 2027) and moves past it, so sessions
 * planned next get the regular preparation timeline (the first one has its own plan).
 */
export async function holdFirstSession(h: SessionsHarness): Promise<void> {
  await h.run('anna', 'sessie 2027-01-07 14:00');
  await h.walk(new Date('2027-01-08T08:00:00Z'));
}
