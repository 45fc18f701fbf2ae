// Builds the real app on an in-memory store with a recording adapter and a simulated clock.
import { Writable } from 'node:stream';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import type { RateLimit } from '../../src/core/rate-limiter.ts';
import type { ActionEvent, CommandEvent, MentionedUser, MessageEvent } from '../../src/core/events.ts';
import type { Store } from '../../src/store/port.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { RecordingAdapter } from './recording-adapter.ts';

export interface TestApp {
  app: App;
  adapter: RecordingAdapter;
  clock: SimulatedClock;
  logLines: string[];
  /** The backend under the app's store (what a copy of the store would hold). */
  backend: Store;
  /** Runs `/liso <text>` as `user` in `channel` (or in a direct conversation when channel is null). */
  command(user: string, text: string, channel?: string | null): Promise<void>;
  /**
   * A free message from `user`: a direct message (channel null, the default), or a mention of the
   * bot in `channel` (answered through a responder that can reply visibly).
   */
  message(user: string, text: string, options?: { channel?: string | null; eventId?: string; hasAttachments?: boolean }): Promise<void>;
  /** Presses a button as `user` in `channel`, or in their direct conversation when channel is null (the default). */
  pressButton(user: string, button: { actionId: string; value: string }, channel?: string | null): Promise<void>;
}

function mentionsIn(text: string): MentionedUser[] {
  return [...text.matchAll(/<@([a-z0-9-]+)>/g)].map((m) => ({
    token: m[0],
    userId: m[1]!,
    displayName: m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1),
  }));
}

function actorOf(user: string) {
  return { userId: user, displayName: user.charAt(0).toUpperCase() + user.slice(1) };
}

let messageCounter = 0;

export async function createTestApp(options: { start?: Date; clock?: SimulatedClock; store?: Store; env?: Record<string, string>; rateLimit?: RateLimit } = {}): Promise<TestApp> {
  // A restart passes the clock the store's expiries run on.
  const clock = options.clock ?? new SimulatedClock(options.start ?? new Date('2027-01-04T08:00:00Z'));
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const config = loadConfig({ LISO_STORE: 'memory://', ...options.env });
  const backend = options.store ?? new MemoryStore(clock);
  const app = await createApp({ config, clock, log: createLogger('info', sink), store: backend, ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}) });
  const adapter = new RecordingAdapter();
  app.bot.attach(adapter);
  return {
    app,
    adapter,
    clock,
    logLines,
    backend,
    async command(user, text, channel = 'kanaal-1') {
      const event: CommandEvent = {
        type: 'command',
        platform: 'test',
        actor: actorOf(user),
        conversation: channel === null ? { kind: 'direct', id: `dm-${user}` } : { kind: 'channel', id: channel },
        text,
        mentions: mentionsIn(text),
      };
      await app.bot.handle(event, adapter.responder(user));
    },
    async message(user, text, { channel = null, eventId = `m${++messageCounter}`, hasAttachments } = {}) {
      const event: MessageEvent = {
        type: 'message',
        platform: 'test',
        actor: actorOf(user),
        conversation: channel === null ? { kind: 'direct', id: `dm-${user}` } : { kind: 'channel', id: channel },
        text,
        mentions: mentionsIn(text),
        eventId,
        ...(hasAttachments ? { hasAttachments } : {}),
      };
      await app.bot.handle(event, adapter.responder(user, { visible: channel !== null }));
    },
    async pressButton(user, button, channel = null) {
      const event: ActionEvent = {
        type: 'action',
        platform: 'test',
        actor: actorOf(user),
        conversation: channel === null ? { kind: 'direct', id: `dm-${user}` } : { kind: 'channel', id: channel },
        actionId: button.actionId,
        value: button.value,
      };
      await app.bot.handle(event, adapter.responder(user));
    },
  };
}
