// Which processes are sending right now, so each takes an even share of a platform's app budget
// (Discord's 50 requests a second are the bot's, not each replica's).
import type { Store } from '../store/port.ts';

const MEMBERS = 'delivery-replicas';
const aliveKey = (instanceId: string) => `delivery-replica:${instanceId}`;
/**
 * Each sending replica says it is alive this often, and so learns of replicas that joined: until
 * then it keeps the share of one that just started, and the two send more than the budget.
 */
export const ROSTER_REFRESH_MS = 2_000;
/**
 * A replica that has not refreshed for this long no longer counts (it crashed): five refreshes,
 * so a slow moment is no departure. Until then the survivors send on their old share: with 30 s
 * (refreshed every 10 s), two real replicas, one killed with SIGKILL during the 09:00 batch, left
 * the other on half the budget for 20-40 s (`npm run chaos:replicas`, BENCHMARKS.md).
 */
const ALIVE_MS = 5 * ROSTER_REFRESH_MS;

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
