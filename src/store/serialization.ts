// JSON serialisation for stored records that keeps Dates as Dates across a round trip.

/** The envelope keyv stores: the value and an optional absolute expiry in epoch ms. */
export interface StoredRecord<T = unknown> {
  value?: T;
  expires?: number | undefined;
}

const DATE_TAG = '$date';

export function serializeRecord(record: { value?: unknown; expires?: number | null | undefined }): string {
  return serializeValue(record);
}

export function deserializeRecord<T>(text: string): StoredRecord<T> {
  return deserializeValue<StoredRecord<T>>(text);
}

/** JSON text of any stored value, Dates tagged. */
export function serializeValue(value: unknown): string {
  return JSON.stringify(value, function tagDates(this: Record<string, unknown>, key, json) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : json;
  });
}

export function deserializeValue<T>(text: string): T {
  // A reviver runs for every node of every record; most records are read far more often than
  // written, so dates are restored by one walk, and only when the text has a tag at all.
  const value = JSON.parse(text) as unknown;
  return (text.includes(DATE_TAG) ? reviveDates(value) : value) as T;
}

function reviveDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveDates(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const iso = record[DATE_TAG];
  if (typeof iso === 'string' && Object.keys(record).length === 1) return new Date(iso);
  for (const key in record) {
    const child = record[key];
    if (child === null || typeof child !== 'object') continue;
    const revived = reviveDates(child);
    if (revived === child) continue;
    // A stored "__proto__" key must stay a plain key, which only a defined property keeps; every
    // other key is assigned, which V8 does far faster and without leaving the object's fast shape.
    if (key === '__proto__') Object.defineProperty(record, key, { value: revived, writable: true, enumerable: true, configurable: true });
    else record[key] = revived;
  }
  return record;
}

/**
 * A hash field's stored JSON, the same in every backend: strings, booleans and finite numbers
 * bare, anything else (objects, arrays, null, Dates) inside a one-element array. A tick reads
 * thousands of task states and flags, which then parse as plain strings and booleans, no object
 * per field. The array keeps SQLite's merge patch from merging into an object value instead of
 * replacing it.
 */
export function encodeHashField(value: unknown): string {
  const bare = typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
  // Serialised as an array, so `undefined` (no JSON value of its own) is written as null, never as unreadable text.
  return bare ? JSON.stringify(value) : serializeValue([value]);
}

/** The value of a parsed stored hash field (`encodeHashField`); undefined for a missing one (null). */
export function hashFieldValue<T>(stored: unknown): T | undefined {
  if (stored === null || stored === undefined) return undefined;
  return (Array.isArray(stored) ? stored[0] : stored) as T;
}

/** A stored hash parsed as one JSON object (field → stored field JSON) as the Store answers it. */
export function hashMap<T>(fields: Record<string, unknown> | undefined): Map<string, T> {
  const hash = new Map<string, T>();
  if (fields) for (const field of Object.keys(fields)) hash.set(field, hashFieldValue<T>(fields[field])!);
  return hash;
}
