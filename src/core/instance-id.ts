// Names this process among every process sharing the store: host name, process id and a random
// part, so replicas on one host (or containers sharing a host name and pid 1) never share a name.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Logger } from './logger.ts';
import type { Store } from '../store/port.ts';

/** How long a claimed name stays taken without a heartbeat renewing it. */
export const INSTANCE_CLAIM_MS = 10 * 60_000;
const ATTEMPTS = 5;

export const instanceKey = (id: string) => `instance:${id}`;

/** `<host>:<pid>:<6 hex>`; the host name comes first, so `liso health` can find this host's processes. */
export function proposeInstanceId(host = os.hostname(), pid = process.pid): string {
  return `${host}:${pid}:${randomBytes(3).toString('hex')}`;
}

/** The host part of an instance id (host names hold no colon). */
export function hostOf(instanceId: string): string {
  return instanceId.split(':', 1)[0]!;
}

/**
 * Claims `wanted` in the store for this process. When another live process holds that name
 * (started with the same one), a random suffix is added until a free name is claimed, and the
 * clash is logged. The claim is the process's first write, so it also proves the store writable.
 */
export async function claimInstanceId(store: Store, wanted: string, log: Logger): Promise<string> {
  let id = wanted;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (await store.claim(instanceKey(id), 1, INSTANCE_CLAIM_MS)) {
      if (id !== wanted) log.warn({ wanted, instance: id }, 'instance id already in use by another process; this one was renamed');
      return id;
    }
    id = `${wanted}:${randomBytes(3).toString('hex')}`;
  }
  throw new Error(`no free instance id after ${ATTEMPTS} attempts (${wanted})`);
}

/** Keeps this process's name taken while it runs (every minute, with its heartbeat). */
export async function renewInstanceId(store: Store, id: string): Promise<void> {
  await store.set(instanceKey(id), 1, INSTANCE_CLAIM_MS);
}
