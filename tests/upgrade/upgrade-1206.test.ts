// An installation of the 2026-12-06 release (1fc1b8c) upgraded in place: the store its busy stretch
// left (tests/fixtures/upgrade, captured from that release's own SQLite file) is opened by this
// code, which goes on living with it: the open pulse closes, the network is renamed, someone is
// forgotten, a network closed and deleted. Then the file is read as an attacker with a copy would.
import { rm } from 'node:fs/promises';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPerson, imageOfSqliteFile } from '../privacy/store-audit.ts';
import type { StoreImage } from '../privacy/store-audit.ts';
import type { UpgradedRun } from './upgraded-console.ts';
import { runUpgraded } from './upgraded-console.ts';

/** What the upgraded bot does, from the day after the old process stopped. */
const AFTER_UPGRADE = `
:als Anna
:kanaal leernetwerk
/liso sessies
/liso pulse
/liso vragen
/liso netwerk naam Jeugd Leiden Noord
:klok 2027-02-20T10:00
/liso pulse resultaten
:als Sanne
:privé
/liso vergeet-mij
:knop 1
:als Bram
:kanaal buurtteam
/liso netwerk afsluiten
:knop 1
:klok 2027-03-30T10:00
`;

/** Buurtteam Oost (074a42e4), deleted after the upgrade; Kees lost his role in it before it, under the old release. */
const DELETED = { ids: ['074a42e4', 'kees'], names: ['Buurtteam Oost', 'Kees', 'Wijkcentrum Oost'] };

function isDayStart(date: string): boolean {
  return DateTime.fromISO(date, { zone: 'Europe/Amsterdam' }).toFormat('HH:mm:ss.SSS') === '00:00:00.000';
}

/** Every stored time of a kind in the copy, with the record holding it. */
function times(image: StoreImage, keyPrefix: string, fields: readonly string[]): Array<{ key: string; field: string; at: string }> {
  const found: Array<{ key: string; field: string; at: string }> = [];
  for (const entry of image.entries.filter((e) => e.key.startsWith(keyPrefix))) {
    for (const field of fields) {
      for (const m of entry.text.matchAll(new RegExp(`"${field}":\\{"\\$date":"([^"]+)"\\}`, 'g'))) found.push({ key: entry.key, field, at: m[1]! });
    }
  }
  return found;
}

describe('upgrading the 2026-12-06 release in place (SQLite)', { timeout: 120_000 }, () => {
  let run: UpgradedRun;
  let transcript: string;
  let logs: string[];
  let after: StoreImage;
  beforeAll(async () => {
    // A day after the old process stopped (2027-02-10 09:05 UTC).
    run = await runUpgraded('store-1206.json', new Date('2027-02-11T09:00:00Z'), AFTER_UPGRADE);
    ({ transcript, logs } = run);
    after = await imageOfSqliteFile(run.file, 'after-delete');
  }, 120_000);
  afterAll(async () => {
    await rm(run.dir, { recursive: true, force: true });
  });

  it('works on the old records: sessions, the open pulse closing with its results, questions, rename, forget, close', () => {
    const answers = [
      'donderdag 18 februari 2027, 14:00 · Stadhuis Leiden',
      'Er loopt al een pulse in Jeugd Leiden',
      '“hoe laat gaat de Leidse bibliotheek open op zondag” (anoniem)',
      'heet voortaan Jeugd Leiden Noord',
      '3 van de 4 genodigden deden mee',
      'Klaar: je gegevens en rollen zijn gewist',
      'Buurtteam Oost is afgesloten',
    ];
    for (const answer of answers) expect(transcript).toContain(answer);
    expect(logs.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);
  });

  it('sends the results of the pulse opened before the upgrade once to each lead', () => {
    for (const lead of ['Anna', 'Bram']) {
      const results = transcript.split(`── privébericht aan ${lead} ──\n# Uitslag pulse Jeugd Leiden Noord`).length - 1;
      expect(results, lead).toBe(1);
    }
  });

  it('keeps no first or last seen moment from the old person records, only days', () => {
    const seen = times(after, 'person:', ['firstSeen', 'lastSeen']);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((t) => !isDayStart(t.at))).toEqual([]);
  });

  it('keeps no moment a question was asked or passed on, only its day', () => {
    const asked = times(after, 'advice:question:', ['askedAt', 'at']);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((t) => !isDayStart(t.at))).toEqual([]);
  });

  it('erases the deleted network and the member whose role was taken away under the old release', () => {
    expect(findPerson(after, DELETED).map((f) => `${f.what} @ ${f.where.slice(0, 160)}`)).toEqual([]);
  });

  it('records the store version it upgraded to', () => {
    expect(after.entries.find((e) => e.key === 'store:version')).toBeDefined();
  });
});
