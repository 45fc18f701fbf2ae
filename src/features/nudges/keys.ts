// Store key layout of the nudges feature; every key starts with "nudges:" (delivery keys with "nudge").

/** An instant as a compact UTC minute stamp (202703010800), for deterministic keys. */
export function stamp(instant: Date): string {
  // Plain slices, no pattern: a busy tick stamps every due item.
  const iso = instant.toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}

/** Hours since the epoch: the unit of the due index. */
export const hourOf = (instant: Date) => Math.floor(instant.getTime() / 3_600_000);

/** The field in a session's task records saying a digest line went to a person (`#`: the channel). */
export const sentField = (itemId: string, userId: string | undefined) => `${itemId}|${userId ?? '#'}`;

/** The item id and person of a `sentField` (userId undefined for the channel's `#`). */
export function sentFieldParts(field: string): { itemId: string; userId: string | undefined } {
  const bar = field.lastIndexOf('|');
  const who = field.slice(bar + 1);
  return { itemId: field.slice(0, bar), userId: who === '#' ? undefined : who };
}

export const nudgeKeys = {
  /** A network's changes to the default timeline. */
  overrides: (networkId: string) => `nudges:overrides:${networkId}`,
  /** Hash of a session's task records: `state:<task>` → answer, `nudged:<task>` → true, `previous`, `sent:<line>` → day (see task-states.ts). */
  taskRecords: (sessionId: string) => `nudges:tasks:${sessionId}`,
  /** Hash of who answered each task of a session last, and when (task id → mark). */
  taskMarks: (sessionId: string) => `nudges:task-marks:${sessionId}`,
  /** Tasks of a session whose nudge was more than 48 hours late and was listed instead of sent. */
  missed: (sessionId: string) => `nudges:missed:${sessionId}`,
  /** The hour buckets of the due index: which sessions have something due in that hour. */
  dueBucket: (hour: number) => `nudges:due:${hour}`,
  /** The hours that have a non-empty bucket. */
  dueHours: () => 'nudges:due-hours',
  /** `preparation.completed` was emitted for this session. */
  completed: (sessionId: string) => `nudges:completed:${sessionId}`,
  /** Sessions whose digest lines went to a person, for privacy requests. */
  sentTo: (platform: string, userId: string) => `nudges:sent-to:${platform}:${userId}`,
  /** The lines of a recipient's digest of one day, written before it is sent. */
  digest: (recipient: string, day: string) => `nudges:digest:${recipient}:${day}`,
  /** Task marks a person made, `<sessionId>:<taskId>`, for privacy requests. */
  marksBy: (platform: string, userId: string) => `nudges:marks:${platform}:${userId}`,
};

const DIGEST_PREFIX = 'nudge-digest:';

/** Delivery keys, deterministic per side effect (the Delivery service claims them). */
export const deliveryKeys = {
  /** A recipient's digest of one day (`<platform>:<person key>` or `<platform>:#<channel id>`). */
  digest: (recipient: string, day: string) => `${DIGEST_PREFIX}${recipient}:${day}`,
  digestPrefix: DIGEST_PREFIX,
  /** The recipient and day of a digest's key; undefined for any other key. */
  digestOf(key: string): { recipient: string; day: string } | undefined {
    const dayAt = key.lastIndexOf(':');
    if (!key.startsWith(DIGEST_PREFIX) || dayAt < DIGEST_PREFIX.length) return undefined;
    return { recipient: key.slice(DIGEST_PREFIX.length, dayAt), day: key.slice(dayAt + 1) };
  },
};
