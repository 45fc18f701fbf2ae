// `liso health`: exits 0 when this host's bot ticked within the last minutes (Docker HEALTHCHECK).
import os from 'node:os';
import type { Config } from '../src/config/schema.ts';
import { heartbeatKey } from '../src/features/health/heartbeat-feature.ts';
import { openStore } from '../src/store/open-store.ts';

export async function healthCommand(config: Config): Promise<number> {
  const store = await openStore(config.store);
  try {
    const beat = await store.get<Date>(heartbeatKey(os.hostname()));
    if (!beat) {
      process.stderr.write('geen recente heartbeat / no recent heartbeat\n');
      return 1;
    }
    process.stdout.write(`ok ${beat.toISOString()}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
