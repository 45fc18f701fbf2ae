// The durable outbox of messages: a message is owed from the moment its record and its queue
// entry are committed together, and stays owed until an attempt settles it, whatever crashes.
import type { Clock } from './clock.ts';
import type { DeliveryLane, DeliveryRecord, DeliveryTarget } from './delivery-records.ts';
import { PLATFORM_SET, RETRY_SET, isSettled, queueKey, recordKey, ttlOf } from './delivery-records.ts';
import type { Message } from './message.ts';
import type { Store, StoreWrite } from '../store/port.ts';

export type Enqueued =
  /** Recorded now: the message is owed and queued. */
  | { created: true; record: DeliveryRecord }
  /** The key was recorded before; `record` says how far it got. */
  | { created: false; record: DeliveryRecord };

export interface EnqueueOptions {
  lane: DeliveryLane;
  retentionMs?: number;
  /** DeliveryRecord.coarseTimesIn. */
  coarseTimesIn?: string;
  /** More writes committed with the record (the per-person index entries). */
  alsoWrite?: readonly StoreWrite[];
}

/** Retries are moved back to their queue in bounded batches, so one tick never reads the world. */
const PROMOTE_BATCH = 1_000;

export class DeliveryQueue {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Records the message under `key` and queues it, in one commit that only happens when the key
   * has no record yet. Whatever happens next, the message is sent or reported failed.
   */
  async enqueue(key: string, target: DeliveryTarget, message: Message, options: EnqueueOptions): Promise<Enqueued> {
    const { record, writes } = this.recordOf(key, target, message, options);
    // Twice at most: a record that expired between the failed commit and the read is absent again.
    for (let round = 0; round < 2; round++) {
      if (await this.store.commit(writes, { ifAbsent: recordKey(key) })) return { created: true, record };
      const existing = await this.store.get<DeliveryRecord>(recordKey(key));
      if (existing) return { created: false, record: existing };
    }
    throw new Error(`delivery record ${key} could neither be written nor read`);
  }

  /** The record of a message owed under `key` and the writes that queue it. */
  recordOf(key: string, target: DeliveryTarget, message: Message, options: EnqueueOptions): { record: DeliveryRecord; writes: StoreWrite[] } {
    const now = this.clock.now();
    const record: DeliveryRecord = {
      key,
      state: 'queued',
      lane: options.lane,
      target,
      message,
      summary: message.summary,
      attempts: 0,
      queuedAt: now,
      updatedAt: now,
      ...(options.retentionMs !== undefined ? { retentionMs: options.retentionMs } : {}),
      ...(options.coarseTimesIn !== undefined ? { coarseTimesIn: options.coarseTimesIn } : {}),
    };
    const writes: StoreWrite[] = [
      { op: 'set', key: recordKey(key), value: record, ttlMs: ttlOf(record, now) },
      { op: 'setAdd', key: queueKey(target.platform, options.lane), members: [key] },
      { op: 'setAdd', key: PLATFORM_SET, members: [target.platform] },
    ];
    writes.push(...(options.alsoWrite ?? []));
    return { record, writes };
  }

  /** Moves retries whose time has come back into their platform's queue; returns how many. */
  async promoteDue(now: Date): Promise<number> {
    const keys = await this.store.setMembers(RETRY_SET);
    let moved = 0;
    for (let at = 0; at < keys.length; at += PROMOTE_BATCH) {
      const slice = keys.slice(at, at + PROMOTE_BATCH);
      const records = await this.store.getMany<DeliveryRecord>(slice.map(recordKey));
      const writes: StoreWrite[] = [];
      const gone: string[] = [];
      records.forEach((record, i) => {
        if (!record || isSettled(record) || record.state !== 'retrying') gone.push(slice[i]!);
        else if (isDue(record, now)) {
          writes.push({ op: 'setAdd', key: queueKey(record.target.platform, record.lane), members: [record.key] });
          gone.push(record.key);
          moved += 1;
        }
      });
      if (gone.length > 0) writes.push({ op: 'setRemove', key: RETRY_SET, members: gone });
      if (writes.length > 0) await this.store.commit(writes);
    }
    return moved;
  }

  /** The earliest retry still waiting. */
  async nextRetry(): Promise<Date | undefined> {
    const records = await this.store.getMany<DeliveryRecord>((await this.store.setMembers(RETRY_SET)).map(recordKey));
    let earliest: number | undefined;
    // A loop, not Math.min(...times): an outage can leave more retries than a call takes arguments.
    for (const r of records) {
      const at = r?.state === 'retrying' ? r.nextAttemptAt?.getTime() : undefined;
      if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  /** The platforms that have had messages queued. */
  platforms(): Promise<string[]> {
    return this.store.setMembers(PLATFORM_SET);
  }

  /** The keys owed on a platform: those waiting on a person first, then the scheduled batch. */
  async queued(platform: string): Promise<Array<{ key: string; lane: DeliveryLane }>> {
    const [now, batch] = await this.store.setMembersMany([queueKey(platform, 'now'), queueKey(platform, 'batch')]);
    return [...now!.map((key) => ({ key, lane: 'now' as const })), ...batch!.map((key) => ({ key, lane: 'batch' as const }))];
  }
}

/**
 * Due when its time has come, or when the clock reads earlier than when the retry was planned:
 * a clock set back an hour must not hold every retry back an hour.
 */
function isDue(record: DeliveryRecord, now: Date): boolean {
  const at = record.nextAttemptAt?.getTime() ?? 0;
  return now.getTime() >= at || now.getTime() < record.updatedAt.getTime();
}
