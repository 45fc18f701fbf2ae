// Scale-out backend: Redis through @keyv/redis, atomics with SET NX and native sets.
import KeyvRedis from '@keyv/redis';
import { createClient } from '@redis/client';
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import { KeyvStore } from './keyv-store.ts';
import type { CommitOptions, KeyPage, StoreWrite } from './port.ts';
import { KEY_PAGE, StoreOpenError } from './port.ts';
import { eachPiece, inPieces } from './batches.ts';
import type { StoredRecord } from './serialization.ts';
import { deserializeValue, encodeHashField, hashFieldValue, hashMap } from './serialization.ts';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type RedisClient = RedisClientType<{}, {}, {}, 2, {}>;

const CONNECT_TIMEOUT_MS = 5_000;
// Redis runs one command at a time for every client: a command carries at most this many keys or
// members, and a batch read pipelines at most this many commands before waiting for their answers.
const PIECE = 1_000;

/**
 * Claims a key that is absent, or whose stored record has expired on the caller's clock (ARGV[2],
 * epoch ms): Redis's own expiry runs on real time, which a simulated clock may outrun. A record
 * without an expiry, or one that cannot be read, is never taken over.
 */
const CLAIM_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, record = pcall(cjson.decode, current)
  if not ok or type(record) ~= 'table' or type(record.expires) ~= 'number' or record.expires > tonumber(ARGV[2]) then
    return 0
  end
end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[1])
else
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
end
return 1`;

export class RedisStore extends KeyvStore {
  readonly kind = 'redis' as const;

  private constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
    clock: Clock,
  ) {
    // The adapter swallows Redis errors unless told otherwise: a read would answer "absent" and a
    // write be dropped without a word while Redis is unreachable.
    super(new KeyvRedis(client as never, { namespace: undefined, throwOnErrors: true }), clock);
  }

  /**
   * Connects and pings once, so a Redis that is down stops the start instead of queueing writes.
   * `prefix` isolates several bots (or test runs) on one Redis database. Expiries are decided on
   * `clock` (the app's injected one); Redis's own expiry (PX, real time) only cleans up.
   */
  static async open(url: string, prefix = 'liso:', clock: Clock = systemClock): Promise<RedisStore> {
    const client = createClient({
      url,
      // While reconnecting, commands fail at once instead of waiting in memory for a Redis that
      // may be gone for minutes; callers (and WatchedStore) then know the store is unreachable.
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        // After start-up a dropped connection is retried with backoff rather than given up.
        reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000),
      },
    });
    client.on('error', () => {});
    try {
      await withTimeout(client.connect(), CONNECT_TIMEOUT_MS);
      // A frozen Redis still accepts connections (the kernel does), but never answers.
      await withTimeout(client.ping(), CONNECT_TIMEOUT_MS);
    } catch (error) {
      client.destroy();
      throw new StoreOpenError(
        `Kan Redis op ${redactUrl(url)} niet bereiken; controleer LISO_STORE en of Redis draait. ` +
          `Cannot reach Redis; check LISO_STORE and that Redis is running. (${(error as Error).message})`,
        error,
      );
    }
    return new RedisStore(client, prefix, clock);
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.getMany<T>([key]))[0];
  }

  async getMany<T>(keys: readonly string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return [];
    const now = this.nowMs();
    return inPieces(keys, PIECE, async (piece) => {
      const texts = await this.client.mGet(piece.map((key) => this.prefix + key));
      // One parse for the piece: a tick reads thousands of short records, and a parse each costs more.
      const records = deserializeValue<Array<StoredRecord<T> | null>>(`[${texts.map((text) => text ?? 'null').join(',')}]`);
      return records.map((record) => (record === null || this.isExpired(record, now) ? undefined : record.value));
    });
  }

  override async set<T>(key: string, value: T, ttlMs?: number): Promise<void> {
    await super.set(this.prefix + key, value, ttlMs);
  }

  override async delete(key: string): Promise<boolean> {
    return super.delete(this.prefix + key);
  }

  async claim(key: string, value: unknown, ttlMs?: number): Promise<boolean> {
    const result = await this.client.eval(CLAIM_SCRIPT, {
      keys: [this.prefix + key],
      arguments: [this.encode(value, ttlMs), String(this.nowMs()), ttlMs === undefined ? '' : String(Math.max(1, Math.ceil(ttlMs)))],
    });
    return result === 1;
  }

  async setAdd(key: string, members: readonly string[]): Promise<void> {
    await eachPiece(members, PIECE, (piece) => this.client.sAdd(this.setKey(key), [...piece]));
  }

  async setRemove(key: string, members: readonly string[]): Promise<void> {
    await eachPiece(members, PIECE, (piece) => this.client.sRem(this.setKey(key), [...piece]));
  }

  async setMembers(key: string): Promise<string[]> {
    return this.client.sMembers(this.setKey(key));
  }

  async setMembersMany(keys: readonly string[]): Promise<string[][]> {
    if (keys.length === 0) return [];
    return inPieces(keys, PIECE, async (piece) => JSON.parse(String(await this.client.eval(SETS_SCRIPT, { keys: piece.map((key) => this.setKey(key)), arguments: [] }))) as string[][]);
  }

  async hashSet<T>(key: string, field: string, value: T): Promise<void> {
    await this.client.hSet(this.hashKey(key), field, encodeHashField(value));
  }

  async hashDelete(key: string, fields: readonly string[]): Promise<void> {
    await eachPiece(fields, PIECE, (piece) => this.client.hDel(this.hashKey(key), [...piece]));
  }

  async hashGetMany<T>(keys: readonly string[], fields: readonly string[]): Promise<Array<Array<T | undefined>>> {
    if (fields.length === 0) return keys.map(() => []);
    // Commands issued in the same tick share one write: node-redis pipelines them.
    return inPieces(keys, PIECE, async (piece) => decodeHashFields<T>(await Promise.all(piece.map((key) => this.client.hmGet(this.hashKey(key), [...fields])))));
  }

  async hashGetAllMany<T>(keys: readonly string[]): Promise<Array<Map<string, T>>> {
    if (keys.length === 0) return [];
    return inPieces(keys, PIECE, async (piece) => {
      const text = String(await this.client.eval(HASHES_SCRIPT, { keys: piece.map((key) => this.hashKey(key)), arguments: [] }));
      return deserializeValue<Array<Record<string, unknown>>>(text).map((fields) => hashMap<T>(fields));
    });
  }

  async commit(writes: readonly StoreWrite[], options: CommitOptions = {}): Promise<boolean> {
    // One script: Redis runs it whole, with no other command in between, and applies all of it.
    const args = [options.ifAbsent === undefined ? '' : this.prefix + options.ifAbsent, String(this.nowMs())];
    for (const write of writes) for (const arg of this.commitArgs(write)) args.push(arg);
    return (await this.client.eval(COMMIT_SCRIPT, { keys: [], arguments: args })) === 1;
  }

  /** A write as the script reads it: operation, key, argument count, arguments. */
  private commitArgs(write: StoreWrite): string[] {
    switch (write.op) {
      case 'set': {
        const encoded = this.encode(write.value, write.ttlMs);
        return write.ttlMs === undefined ? ['set', this.prefix + write.key, '1', encoded] : ['set', this.prefix + write.key, '2', encoded, String(Math.max(1, Math.ceil(write.ttlMs)))];
      }
      case 'delete':
        return ['del', this.prefix + write.key, '0'];
      case 'setAdd':
        return write.members.length === 0 ? [] : ['sadd', this.setKey(write.key), '1', JSON.stringify(write.members)];
      case 'setRemove':
        return write.members.length === 0 ? [] : ['srem', this.setKey(write.key), '1', JSON.stringify(write.members)];
      case 'hashSet':
        return ['hset', this.hashKey(write.key), '2', write.field, encodeHashField(write.value)];
      case 'hashDelete':
        return write.fields.length === 0 ? [] : ['hdel', this.hashKey(write.key), '1', JSON.stringify(write.fields)];
    }
  }

  async scanKeys(prefix: string, next?: string): Promise<KeyPage> {
    // Strings only: sets and hashes live under "set:" and "hash:" keys of their own.
    const found = await this.client.scan(next ?? '0', { MATCH: `${globEscaped(this.prefix + prefix)}*`, COUNT: KEY_PAGE, TYPE: 'string' });
    const keys = found.keys.map((key) => key.slice(this.prefix.length));
    return found.cursor === '0' ? { keys } : { keys, next: found.cursor };
  }

  /** Deletes every key under this store's prefix (tests use a unique prefix per run). */
  async clearPrefix(): Promise<void> {
    for await (const keys of this.client.scanIterator({ MATCH: `${this.prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await this.client.del(keys);
    }
  }

  async close(): Promise<void> {
    if (this.client.isReady) await withTimeout(this.client.quit(), CONNECT_TIMEOUT_MS).catch(() => this.client.destroy());
    else if (this.client.isOpen) this.client.destroy();
  }

  private setKey(key: string): string {
    return `${this.prefix}set:${key}`;
  }

  private hashKey(key: string): string {
    return `${this.prefix}hash:${key}`;
  }
}

/**
 * Stored hash field texts, per hash (null where a field is missing), to their values
 * (`encodeHashField`), parsed together as one JSON array: a batch of task records is thousands of
 * short texts, and one parse of them all costs a fraction of a parse each.
 */
function decodeHashFields<T>(hashes: ReadonlyArray<ReadonlyArray<string | null>>): Array<Array<T | undefined>> {
  const decoded = hashes.map((texts) => new Array<T | undefined>(texts.length).fill(undefined));
  // Present texts, and where each one's value goes.
  const present: string[] = [];
  const into: Array<Array<T | undefined>> = [];
  const at: number[] = [];
  hashes.forEach((texts, h) => {
    for (let f = 0; f < texts.length; f++) {
      const text = texts[f];
      if (text === null || text === undefined) continue;
      present.push(text);
      into.push(decoded[h]!);
      at.push(f);
    }
  });
  if (present.length === 0) return decoded;
  const parsed = deserializeValue<unknown[]>(`[${present.join(',')}]`);
  for (let i = 0; i < parsed.length; i++) into[i]![at[i]!] = hashFieldValue<T>(parsed[i]);
  return decoded;
}

/**
 * Every hash of KEYS as one JSON text, `[{"<field>":<value>,…},…]` (`{}` for a missing hash). The
 * values are stored JSON already (encodeHashField), so a batch of task records comes back as one
 * reply and one parse: a reply per hash costs the client far more than Redis.
 */
const HASHES_SCRIPT = `
local hashes = {}
for i, key in ipairs(KEYS) do
  local flat = redis.call('HGETALL', key)
  local fields = {}
  for j = 1, #flat, 2 do fields[#fields + 1] = cjson.encode(flat[j]) .. ':' .. flat[j + 1] end
  hashes[i] = '{' .. table.concat(fields, ',') .. '}'
end
return '[' .. table.concat(hashes, ',') .. ']'
`;

/** The members of every set of KEYS as one JSON text, `[["<member>",…],…]` (`[]` for a missing set). */
const SETS_SCRIPT = `
local sets = {}
for i, key in ipairs(KEYS) do
  local members = redis.call('SMEMBERS', key)
  for j = 1, #members do members[j] = cjson.encode(members[j]) end
  sets[i] = '[' .. table.concat(members, ',') .. ']'
end
return '[' .. table.concat(sets, ',') .. ']'
`;

/**
 * Store.commit on Redis. ARGV[1] is the key that must be absent or expired on the caller's clock
 * ('' for none), ARGV[2] that clock's now in epoch ms; then each write
 * as operation, key, argument count and its arguments. Set members and hash fields come as one
 * JSON array (a hundred thousand arguments would overflow the client's stack) and go to Redis in
 * slices, since Lua unpacks a bounded number of values at once. Scripts are atomic: all writes or
 * none are seen.
 */
const COMMIT_SCRIPT = `
if ARGV[1] ~= '' then
  local current = redis.call('GET', ARGV[1])
  if current then
    local ok, record = pcall(cjson.decode, current)
    if not ok or type(record) ~= 'table' or type(record.expires) ~= 'number' or record.expires > tonumber(ARGV[2]) then return 0 end
  end
end
local i = 3
while i <= #ARGV do
  local op, key, n = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local first = i + 3
  if op == 'set' then
    if n == 2 then redis.call('SET', key, ARGV[first], 'PX', ARGV[first + 1]) else redis.call('SET', key, ARGV[first]) end
  elseif op == 'del' then
    redis.call('DEL', key)
  elseif op == 'hset' then
    redis.call('HSET', key, ARGV[first], ARGV[first + 1])
  else
    local command = ({ sadd = 'SADD', srem = 'SREM', hdel = 'HDEL' })[op]
    local items = cjson.decode(ARGV[first])
    for from = 1, #items, 500 do
      redis.call(command, key, unpack(items, from, math.min(from + 499, #items)))
    end
  end
  i = first + n
end
return 1
`;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/** `text` as a SCAN pattern that matches only itself: Redis glob characters escaped. */
function globEscaped(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
