// Chooses and opens the backend named by LISO_STORE. A backend's driver (the native SQLite
// module, the Redis client) is imported only when that backend is used.
import type { Clock } from '../core/clock.ts';
import { systemClock } from '../core/clock.ts';
import type { Store } from './port.ts';
import { StoreOpenError } from './port.ts';
import { MemoryStore } from './memory-store.ts';

/**
 * Opens `sqlite://<path>`, `redis://host:port[/db]` (or rediss://, keys under `redisPrefix`,
 * default `liso:`) or `memory://`. Entries written with a TTL expire on `clock`, the app's
 * injected clock.
 */
export async function openStore(url: string, clock: Clock = systemClock, options: { redisPrefix?: string } = {}): Promise<Store> {
  if (url === 'memory://' || url === 'memory') return new MemoryStore(clock);
  if (url.startsWith('sqlite://')) {
    const filePath = url.slice('sqlite://'.length);
    if (filePath.length === 0) throw new StoreOpenError('LISO_STORE: sqlite:// heeft een pad nodig / needs a path');
    return (await import('./sqlite-store.ts')).SqliteStore.open(filePath, clock);
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return (await import('./redis-store.ts')).RedisStore.open(url, options.redisPrefix, clock);
  throw new StoreOpenError(
    `LISO_STORE "${url}" wordt niet herkend; gebruik sqlite://<pad>, redis://host:poort of memory://. ` +
      `Unknown LISO_STORE; use sqlite://<path>, redis://host:port or memory://.`,
  );
}
