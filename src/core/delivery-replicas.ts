// Which processes are sending right now, so each takes an even share of a platform's app budget
// (Discord's 50 requests a second are the bot's, not each replica's).
import type { Store } from '../store/port.ts';

const MEMBERS = 'delivery-replicas';
const aliveKey = (instanceId: string) => `delivery-replica:${instanceId}`;
/** A replica that has not refreshed for this long no longer counts (it crashed or stopped). */
const ALIVE_MS = 30_000;

export class ReplicaRoster {
  private live = 1;

  constructor(
    private readonly store: Store,
    private readonly instanceId: string,
  ) {}

  /** Replicas sending now, this one included (1 until the first refresh). */
  get count(): number {
    return this.live;
  }

  /** Says this replica is alive and counts the others; the worker calls it every few seconds. */
  async refresh(): Promise<number> {
    await this.store.commit([
      { op: 'set', key: aliveKey(this.instanceId), value: true, ttlMs: ALIVE_MS },
      { op: 'setAdd', key: MEMBERS, members: [this.instanceId] },
    ]);
    const members = await this.store.setMembers(MEMBERS);
    const alive = await this.store.getMany(members.map(aliveKey));
    const gone = members.filter((_, i) => alive[i] === undefined);
    if (gone.length > 0) await this.store.setRemove(MEMBERS, gone);
    this.live = Math.max(1, members.length - gone.length);
    return this.live;
  }

  /** A replica stopping on purpose leaves its share to the others at once. */
  async leave(): Promise<void> {
    await this.store.commit([
      { op: 'delete', key: aliveKey(this.instanceId) },
      { op: 'setRemove', key: MEMBERS, members: [this.instanceId] },
    ]);
    this.live = 1;
  }
}
