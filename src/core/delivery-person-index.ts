// Per person, the keys of the Delivery records that concern them (to them, mentioning or naming
// them), for /liso mijn-gegevens and /liso vergeet-mij. An entry leaves when its record expires.
import type { Store, StoreWrite } from '../store/port.ts';
import type { PersonKeys } from './person-keys.ts';

const DAY_MS = 24 * 3_600_000;
const SEPARATOR = '\u001f';
const indexKey = (person: string) => `delivery-person:${person}`;
/** Entries whose record expires on a day, so a daily sweep removes them without reading every index. */
const expiryKey = (day: string) => `delivery-person-expiry:${day}`;
const EXPIRY_DAYS = 'delivery-person-expiry:days';
const sweepClaim = (day: string) => `delivery-person-expiry:swept:${day}`;

/**
 * An index entry is `<expiry day><US><delivery key>`, and the same pair with the person is filed
 * under its expiry day: the daily sweep reads only the entries that expired, and forgetting a
 * person removes their entries from both places.
 */
export class DeliveryPersonIndex {
  constructor(
    private readonly store: Store,
    private readonly personKeys: PersonKeys,
  ) {}

  /**
   * The writes that list `key` for each person (committed with the record, so a record is never
   * without its entries); `expiresAt` is when the record expires at the latest.
   */
  writesFor(platform: string, userIds: Iterable<string>, key: string, expiresAt: Date): StoreWrite[] {
    const day = utcDay(new Date(expiresAt.getTime() + DAY_MS));
    const writes: StoreWrite[] = [];
    for (const userId of userIds) {
      const person = this.personKeys.of(platform, userId);
      writes.push({ op: 'setAdd', key: indexKey(person), members: [`${day}${SEPARATOR}${key}`] });
      writes.push({ op: 'setAdd', key: expiryKey(day), members: [`${person}${SEPARATOR}${key}`] });
    }
    if (writes.length > 0) writes.push({ op: 'setAdd', key: EXPIRY_DAYS, members: [day] });
    return writes;
  }

  /** The delivery keys listed for a person. */
  async keysOf(platform: string, userId: string): Promise<string[]> {
    return (await this.entriesOf(this.personKeys.of(platform, userId))).map((entry) => entry.key);
  }

  /** Removes entries of a person (all of them without `keys`). */
  async remove(platform: string, userId: string, keys?: readonly string[]): Promise<void> {
    const person = this.personKeys.of(platform, userId);
    const wanted = keys ? new Set(keys) : undefined;
    for (const entry of await this.entriesOf(person)) {
      if (wanted && !wanted.has(entry.key)) continue;
      // The expiry entry first: a stop in between leaves the index entry, through which a rerun finds both.
      await this.store.setRemove(expiryKey(entry.day), [`${person}${SEPARATOR}${entry.key}`]);
      await this.store.setRemove(indexKey(person), [entry.member]);
    }
  }

  /**
   * Removes `keys` from everyone's index, found through the entries of the person given: records
   * erased because they were to or named that person, whose keys hold their person key.
   */
  async removeEverywhere(platform: string, userId: string, keys: readonly string[]): Promise<void> {
    const wanted = new Set(keys);
    for (const entry of await this.entriesOf(this.personKeys.of(platform, userId))) {
      if (!wanted.has(entry.key)) continue;
      // Every person's entry of one record is filed under the same day (written and swept together).
      for (const pair of (await this.store.setMembers(expiryKey(entry.day))).filter((filed) => filed.endsWith(`${SEPARATOR}${entry.key}`))) {
        await this.store.setRemove(expiryKey(entry.day), [pair]);
        await this.store.setRemove(indexKey(pair.slice(0, pair.indexOf(SEPARATOR))), [entry.member]);
      }
    }
  }

  /**
   * Once a day (one replica): entries of records that expired leave their index; an entry whose
   * record lives on (retried, or blanked later) moves to the next day.
   */
  async sweep(now: Date, exists: (keys: readonly string[]) => Promise<boolean[]>): Promise<void> {
    const today = utcDay(now);
    if (!(await this.store.claim(sweepClaim(today), 1, 2 * DAY_MS))) return;
    const tomorrow = utcDay(new Date(now.getTime() + DAY_MS));
    for (const day of (await this.store.setMembers(EXPIRY_DAYS)).filter((d) => d < today).sort()) {
      const filed = await this.store.setMembers(expiryKey(day));
      const pairs = filed.map((entry) => entry.split(SEPARATOR) as [string, string]);
      const alive = await exists(pairs.map(([, key]) => key));
      // Each entry moves in one commit, both places at once: a stop midway leaves every entry
      // where forgetting its person finds it, and no pair (their person key) behind in a day's list.
      for (const [i, [person, key]] of pairs.entries()) {
        await this.store.commit([
          { op: 'setRemove', key: indexKey(person), members: [`${day}${SEPARATOR}${key}`] },
          { op: 'setRemove', key: expiryKey(day), members: [filed[i]!] },
          ...(alive[i]
            ? [
                { op: 'setAdd' as const, key: indexKey(person), members: [`${tomorrow}${SEPARATOR}${key}`] },
                { op: 'setAdd' as const, key: expiryKey(tomorrow), members: [filed[i]!] },
                { op: 'setAdd' as const, key: EXPIRY_DAYS, members: [tomorrow] },
              ]
            : []),
        ]);
      }
      await this.store.setRemove(EXPIRY_DAYS, [day]);
    }
  }

  /**
   * Files a record's entries of `person` under the day it now expires, when its retention was
   * shortened after it was written (the upgrade of records an earlier release kept longer).
   */
  async refile(person: string, key: string, expiresAt: Date): Promise<void> {
    const day = utcDay(new Date(expiresAt.getTime() + DAY_MS));
    for (const entry of await this.entriesOf(person)) {
      if (entry.key !== key || entry.day === day) continue;
      await this.store.commit([
        { op: 'setAdd', key: indexKey(person), members: [`${day}${SEPARATOR}${key}`] },
        { op: 'setAdd', key: expiryKey(day), members: [`${person}${SEPARATOR}${key}`] },
        { op: 'setAdd', key: EXPIRY_DAYS, members: [day] },
        { op: 'setRemove', key: expiryKey(entry.day), members: [`${person}${SEPARATOR}${key}`] },
        { op: 'setRemove', key: indexKey(person), members: [entry.member] },
      ]);
    }
  }

  private async entriesOf(person: string): Promise<Array<{ member: string; day: string; key: string }>> {
    return (await this.store.setMembers(indexKey(person))).map((member) => {
      const at = member.indexOf(SEPARATOR);
      return { member, day: member.slice(0, at), key: member.slice(at + 1) };
    });
  }
}

function utcDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}
