// A network's own version of the timeline: tasks moved, given to another role, or switched off.
import type { RoleName } from '../../domain/roles.ts';
import type { Store } from '../../store/port.ts';
import { nudgeKeys } from './keys.ts';

export interface TaskOverride {
  weeksBefore?: number;
  role?: RoleName;
  off?: boolean;
}

export type NetworkOverrides = Record<string, TaskOverride>;

export class TimelineOverrides {
  constructor(private readonly store: Store) {}

  async get(networkId: string): Promise<NetworkOverrides> {
    return (await this.store.get<NetworkOverrides>(nudgeKeys.overrides(networkId))) ?? {};
  }

  async getMany(networkIds: readonly string[]): Promise<NetworkOverrides[]> {
    return (await this.store.getMany<NetworkOverrides>(networkIds.map(nudgeKeys.overrides))).map((o) => o ?? {});
  }

  /** Merges a change into one task's override; `undefined` clears the whole override of that task. */
  async change(networkId: string, taskId: string, change: TaskOverride | undefined): Promise<void> {
    const all = await this.get(networkId);
    if (change === undefined) delete all[taskId];
    else all[taskId] = { ...all[taskId], ...change };
    await this.store.set(nudgeKeys.overrides(networkId), all);
  }
}
