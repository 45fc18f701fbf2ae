// Chooses and opens the backend named by LISO_STORE. A backend's driver (the native SQLite
// module, the Redis client) is imported only when that backend is used.
import type { Store } from './port.ts';
import { StoreOpenError } from './port.ts';
import { MemoryStore } from './memory-store.ts';

/** Opens `sqlite://<path>`, `redis://host:port[/db]` (or rediss://) or `memory://`. */
export async function openStore(url: string): Promise<Store> {
  if (url === 'memory://' || url === 'memory') return new MemoryStore();
  if (url.startsWith('sqlite://')) {
    const filePath = url.slice('sqlite://'.length);
    if (filePath.length === 0) throw new StoreOpenError('LISO_STORE: sqlite:// heeft een pad nodig / needs a path');
    return (await import('./sqlite-store.ts')).SqliteStore.open(filePath);
  }
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return (await import('./redis-store.ts')).RedisStore.open(url);
  throw new StoreOpenError(
    `LISO_STORE "${url}" wordt niet herkend; gebruik sqlite://<pad>, redis://host:poort of memory://. ` +
      `Unknown LISO_STORE; use sqlite://<path>, redis://host:port or memory://.`,
  );
}
