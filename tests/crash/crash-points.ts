// Stopping the process at any write: a memory store that numbers every write, notes where in the
// code it came from, and either stops the process there (throws, then refuses everything, as a
// process killed by kill -9 does nothing more) or keeps a copy of the data as it stood just before
// it, which is what a process started again on the same data finds.
import { PassThrough, Readable, Writable } from 'node:stream';
import path from 'node:path';
import { runConsole } from '../../adapters/console/index.ts';
import type { ConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { renderMessage } from '../../adapters/console/console-renderer.ts';
import type { App } from '../../src/app.ts';
import type { ChatAdapter } from '../../src/core/chat-adapter.ts';
import type { Message } from '../../src/core/message.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import type { CommitOptions, KeyPage, StoreWrite } from '../../src/store/port.ts';

/** One write as the running code made it. */
export interface WriteRecord {
  /** 1 for the first write of the run. */
  n: number;
  /** `set`, `claim`, `commit`, …; a commit lists its writes' ops after it. */
  op: string;
  keys: string[];
  /** The first line of the bot's own code on the way to the store (`src/features/wins/win-book.ts:88`). */
  site: string;
  /** The op and its keys with ids, days and hashes replaced by placeholders. */
  pattern: string;
  /** Whether its keys, members, fields or values hold one of the watched strings (a person's id or person key). */
  names: boolean;
}

export interface CrashingStoreOptions {
  /** Ids that become `<user>` in key patterns. */
  users?: readonly string[];
  /** Strings that mark a write as naming the person watched (`WriteRecord.names`); may grow during the run. */
  watched?: string[];
  /** Whether to keep a copy of the data just before `write` (`previous` is the write before it). */
  keepImageBefore?: (write: WriteRecord, previous: WriteRecord | undefined) => boolean;
  /** Whether the process stops at `write`, before it takes effect (the first time this says so). */
  stopBefore?: (write: WriteRecord, previous: WriteRecord | undefined) => boolean;
}

/** Data as it stood just before a write, with a clock at that moment, for a process started on it. */
export interface StoppedImage {
  n: number;
  store: MemoryStore;
  clock: SimulatedClock;
}

export class ProcessStopped extends Error {
  constructor(readonly at: number) {
    super(`process stopped at write ${at}`);
    this.name = 'ProcessStopped';
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');

export class CrashingStore extends MemoryStore {
  readonly writes: WriteRecord[] = [];
  readonly images = new Map<number, StoppedImage>();
  /** The write the process stopped at, until `restart`. */
  stoppedAt: number | undefined;
  private count = 0;

  constructor(
    private readonly runClock: SimulatedClock,
    private options: CrashingStoreOptions = {},
  ) {
    super(runClock);
  }

  private write(op: string, keys: string[], content: unknown): void {
    this.alive();
    const n = ++this.count;
    const text = JSON.stringify([keys, content]);
    const pattern = `${op} ${keys.map((key) => keyPattern(key, this.options.users ?? [])).join(' ')}`;
    const record: WriteRecord = { n, op, keys, site: siteOfCaller(), pattern, names: (this.options.watched ?? []).some((s) => text.includes(s)) };
    this.writes.push(record);
    if (this.options.keepImageBefore?.(record, this.writes.at(-2))) {
      const clock = new SimulatedClock(this.runClock.now());
      this.images.set(n, { n, store: this.copy(clock), clock });
    }
    if (this.stoppedAt === undefined && this.options.stopBefore?.(record, this.writes.at(-2))) {
      this.stoppedAt = n;
      throw new ProcessStopped(n);
    }
  }

  private alive(): void {
    if (this.stoppedAt !== undefined) throw new ProcessStopped(this.stoppedAt);
  }

  /** The data is there for a new process (the stopped one has nothing left running: the console feeds no more lines). */
  restart(): void {
    this.options = { ...this.options, stopBefore: undefined };
    this.stoppedAt = undefined;
  }

  override async get<T>(key: string): Promise<T | undefined> {
    this.alive();
    return super.get<T>(key);
  }
  override async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    this.alive();
    return super.getMany<T>(keys);
  }
  override async setMembers(key: string): Promise<string[]> {
    this.alive();
    return super.setMembers(key);
  }
  override async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    this.alive();
    return super.setMembersMany(keys);
  }
  override async hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    this.alive();
    return super.hashGetMany<T>(keys, fields);
  }
  override async hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    this.alive();
    return super.hashGetAllMany<T>(keys);
  }
  override async scanKeys(prefix: string, next?: string): Promise<KeyPage> {
    this.alive();
    return super.scanKeys(prefix, next);
  }
  override async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    this.write('set', [key], value);
    return super.set(key, value, ttlMs);
  }
  override async delete(key: string): Promise<boolean> {
    this.write('delete', [key], null);
    return super.delete(key);
  }
  override async claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    this.write('claim', [key], value);
    return super.claim(key, value, ttlMs);
  }
  override async setAdd(key: string, members: readonly string[]): Promise<void> {
    this.write('setAdd', [key], members);
    return super.setAdd(key, members);
  }
  override async setRemove(key: string, members: readonly string[]): Promise<void> {
    this.write('setRemove', [key], members);
    return super.setRemove(key, members);
  }
  override async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    this.write('hashSet', [key], [field, value]);
    return super.hashSet(key, field, value);
  }
  override async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    this.write('hashDelete', [key], fields);
    return super.hashDelete(key, fields);
  }
  override async commit(writes: readonly StoreWrite[], options?: CommitOptions): Promise<boolean> {
    this.write(`commit(${writes.map((w) => w.op).join(',')})`, writes.map((w) => w.key), writes);
    return super.commit(writes, options);
  }
}

/** The first frame of the bot's own code (src/, adapters/) below the store. */
function siteOfCaller(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 40;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^()]+?):(\d+):\d+\)?$/.exec(line.trim());
    if (!match) continue;
    const file = path.relative(ROOT, match[1]!.replace(/^file:\/\//, ''));
    if (file.startsWith('tests/') || file.startsWith('src/store/') || file.includes('node_modules')) continue;
    return `${file}:${match[2]}`;
  }
  return 'unknown';
}

/** A key with the parts that vary per person, network, day or run replaced, so writes of one kind read alike. */
export function keyPattern(key: string, users: readonly string[]): string {
  return key
    .split(/([:|\u001f])/)
    .map((part) => {
      if (users.includes(part)) return '<user>';
      if (/^\d{4}-\d\d-\d\d(T[\d:.]+Z?)?$/.test(part)) return '<day>';
      if (/^\d+$/.test(part)) return '<n>';
      if (/^dm$/.test(part)) return part;
      // Ids and hashes: long runs of letters and digits with at least one digit or of mixed case.
      if (part.length >= 8 && /^[A-Za-z0-9_-]+$/.test(part) && /\d|[A-Z].*[a-z]|[a-z].*[A-Z]/.test(part)) return '<id>';
      return part;
    })
    .join('');
}

/** One message the bot sent on its own (not a reply to the person acting), as the platform got it. */
export interface SentMessage {
  /** `dm:<user>` or the channel's id (`private:<user>` for an answer only the person acting saw). */
  to: string;
  /** The Delivery key (the idempotency key), absent for a post made without Delivery. */
  key?: string;
  text: string;
  /** As the platform got it (a pulse invitation with its ballot token). */
  message: Message;
}

/**
 * Calls `onSend` for every direct message and channel post the app makes through the adapter
 * `runLines` attaches (replies to the person acting go elsewhere and are not counted).
 * `shownBefore`: messages a stopped process sent, shown again to the new console first: on a chat
 * platform they stay in the conversation, their buttons still pressable.
 */
export function recordSends(app: App, onSend: (sent: SentMessage) => void, shownBefore: readonly SentMessage[] = []): void {
  const attach = app.bot.attach.bind(app.bot);
  app.bot.attach = (adapter: ChatAdapter) => {
    let shown = Promise.resolve();
    for (const sent of shownBefore) {
      shown = shown.then(async () => {
        if (sent.to.startsWith('dm:')) await adapter.sendDirect(sent.to.slice(3), sent.message);
        else if (sent.to.startsWith('private:')) await (adapter as ConsoleAdapter).responderFor(sent.to.slice(8)).reply(sent.message);
        else await adapter.postToChannel(sent.to, sent.message);
      });
    }
    return attach({
      platform: adapter.platform,
      ...(adapter.ratePolicy ? { ratePolicy: adapter.ratePolicy } : {}),
      async sendDirect(userId, message, options) {
        const ref = await adapter.sendDirect(userId, message, options);
        onSend({ to: `dm:${userId}`, ...(options?.idempotencyKey ? { key: options.idempotencyKey } : {}), text: plainText(message), message });
        return ref;
      },
      async postToChannel(channelId, message, options) {
        const ref = await adapter.postToChannel(channelId, message, options);
        onSend({ to: channelId, ...(options?.idempotencyKey ? { key: options.idempotencyKey } : {}), text: plainText(message), message });
        return ref;
      },
      update: (ref, message) => adapter.update(ref, message),
    });
  };
}

export function plainText(message: Message): string {
  return renderMessage(message, { color: false, choiceLabel: (n) => String(n) }).text;
}

/** An app on `store` as `liso console` runs it (memory store, no rate limit), logs kept. */
export async function consoleApp(store: MemoryStore, clock: SimulatedClock, logs: string[]): Promise<App> {
  const sink = new PassThrough();
  sink.on('data', (chunk) => logs.push(String(chunk)));
  return createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('warn', sink), store });
}

/**
 * Runs console lines on `app`; stops reading them once `stopped()` says the process died (what it was
 * doing fails on the dead store and the console goes on to no further line). The transcript comes back.
 */
export async function runLines(app: App, lines: readonly string[], stopped: () => boolean = () => false, onOutput?: (text: string) => void): Promise<string> {
  const chunks: string[] = [];
  // Told at once, not a turn later, so what was printed before a given write is known.
  const output = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      onOutput?.(String(chunk));
      done();
    },
  });
  async function* feed(): AsyncGenerator<string> {
    for (const line of lines) {
      if (stopped()) return;
      yield `${line}\n`;
    }
  }
  try {
    await runConsole({ app, input: Readable.from(feed()), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  } catch (error) {
    if (!(error instanceof ProcessStopped) && !stopped()) throw error;
  }
  return chunks.join('');
}
