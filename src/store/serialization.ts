// JSON serialisation for stored records that keeps Dates as Dates across a round trip.

/** The envelope keyv stores: the value and an optional absolute expiry in epoch ms. */
export interface StoredRecord<T = unknown> {
  value?: T;
  expires?: number | undefined;
}

const DATE_TAG = '$date';

export function serializeRecord(record: { value?: unknown; expires?: number | null | undefined }): string {
  return JSON.stringify(record, function tagDates(this: Record<string, unknown>, key, value) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : value;
  });
}

export function deserializeRecord<T>(text: string): StoredRecord<T> {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tagged = value as Record<string, unknown>;
      const iso = tagged[DATE_TAG];
      if (typeof iso === 'string' && Object.keys(tagged).length === 1) return new Date(iso);
    }
    return value;
  }) as StoredRecord<T>;
}
