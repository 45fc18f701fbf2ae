// A privacy audit of a store, read as an attacker with a copy would read it: every backend dumped
// (memory, SQLite rows and the raw bytes of its files, Redis), then searched for a person and
// for anything that links a person to a pulse answer.
import { createHash, createHmac } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@redis/client';
import sqlite3 from 'sqlite3';
import { ballotId } from '../../src/features/pulse/ballot.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';

/** One logical record: its key and its value as stored text. */
export interface AuditEntry {
  key: string;
  text: string;
}

/** What a copy of a store shows: its records (in storage order where it has one) and raw file bytes. */
export interface StoreImage {
  label: string;
  entries: AuditEntry[];
  /** The files as bytes (SQLite: the database, its write-ahead log and its index), decoded as latin1. */
  raw: Array<{ file: string; text: string }>;
}

/** Someone to look for: platform ids and display names. */
export interface Person {
  ids: string[];
  names: string[];
}

/** Where something was found. */
export interface Finding {
  where: string;
  what: string;
  /**
   * `link`: ties a person to an answer. `pseudonym`: a hash of the person that a copy can
   * recompute (fine while they use the bot, a leftover once they are forgotten).
   */
  kind?: 'link' | 'pseudonym';
}

export function imageOfMemory(store: MemoryStore, label = 'memory'): StoreImage {
  return { label, entries: store.dump().map((e) => ({ key: e.key, text: JSON.stringify(e.value) })), raw: [] };
}

/**
 * Copies a SQLite store's files as they are on disk (database, -wal, -shm), then reads the copy:
 * its rows in the order the table stores them (no ORDER BY, as an attacker would read them), and
 * the raw bytes of every file.
 */
export async function imageOfSqliteFile(file: string, label = 'sqlite'): Promise<StoreImage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'liso-audit-'));
  try {
    const raw: StoreImage['raw'] = [];
    for (const suffix of ['', '-wal', '-shm']) {
      if (!existsSync(file + suffix)) continue;
      const copy = path.join(dir, `copy.sqlite${suffix}`);
      await copyFile(file + suffix, copy);
      raw.push({ file: path.basename(file) + suffix, text: (await readFile(copy)).toString('latin1') });
    }
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened: sqlite3.Database = new sqlite3.Database(path.join(dir, 'copy.sqlite'), sqlite3.OPEN_READWRITE, (error) => (error ? reject(error) : resolve(opened)));
    });
    const rows = await new Promise<Array<{ key: string; value: string }>>((resolve, reject) =>
      db.all('SELECT key, value FROM keyv', (error, found) => (error ? reject(error) : resolve(found as Array<{ key: string; value: string }>))),
    );
    await new Promise<void>((resolve) => db.close(() => resolve()));
    return { label, entries: rows.map((row) => ({ key: row.key, text: row.value })), raw };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every key under a Redis store's prefix with its value (strings, sets, hashes). */
export async function imageOfRedis(url: string, prefix: string, label = 'redis'): Promise<StoreImage> {
  const client = createClient({ url });
  await client.connect();
  try {
    const entries: AuditEntry[] = [];
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      for (const key of keys) {
        const type = await client.type(key);
        const value =
          type === 'string' ? await client.get(key) : type === 'set' ? await client.sMembers(key) : type === 'hash' ? await client.hGetAll(key) : `(${type})`;
        entries.push({ key: key.slice(prefix.length), text: typeof value === 'string' ? value : JSON.stringify(value) });
      }
    }
    return { label, entries, raw: [] };
  } finally {
    await client.quit();
  }
}

/** Log lines as an image of their own: the logs are part of what a copy may include. */
export function imageOfLogs(lines: readonly string[]): StoreImage {
  return { label: 'logs', entries: lines.map((line, i) => ({ key: `log line ${i + 1}`, text: line })), raw: [] };
}

/** Every place a person's id or name appears: record keys and values, and the raw file bytes. */
export function findPerson(image: StoreImage, person: Person): Finding[] {
  const needles = [...person.ids, ...person.names].filter((n) => n.length > 0);
  const found: Finding[] = [];
  for (const entry of image.entries) {
    for (const needle of needles) {
      if (entry.key.includes(needle) || entry.text.includes(needle) || entry.text.includes(JSON.stringify(needle).slice(1, -1))) {
        found.push({ where: `${image.label} ${entry.key}`, what: needle });
      }
    }
  }
  for (const file of image.raw) {
    for (const needle of needles) {
      const bytes = Buffer.from(needle, 'utf8').toString('latin1');
      let at = file.text.indexOf(bytes);
      while (at >= 0) {
        found.push({ where: `${image.label} ${file.file} @${at}: …${printable(file.text.slice(Math.max(0, at - 40), at + bytes.length + 40))}…`, what: needle });
        at = file.text.indexOf(bytes, at + 1);
      }
    }
  }
  return found;
}

// Lengths a hash is commonly cut to (128 bits in base64url is 22 characters, and so on).
const CUT_LENGTHS = [16, 22, 24, 32, 40, 43, 44, 64];
const ENCODINGS = ['hex', 'base64', 'base64url'] as const;

/** Every word of an image (runs of id-like characters), with its common prefixes. */
export function wordsOf(images: readonly StoreImage[]): Set<string> {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const word of text.split(/[^A-Za-z0-9_\-+/=]+/)) {
      if (word.length < 8) continue;
      words.add(word);
      for (const length of CUT_LENGTHS) if (word.length > length) words.add(word.slice(0, length));
    }
  };
  for (const image of images) {
    for (const entry of image.entries) {
      add(entry.key);
      add(entry.text);
    }
    for (const file of image.raw) add(file.text);
  }
  return words;
}

/** A digest in every encoding and cut an implementation might store. */
function forms(digest: Buffer): string[] {
  return ENCODINGS.flatMap((encoding) => {
    const full = digest.toString(encoding);
    return [full, ...CUT_LENGTHS.filter((n) => n < full.length).map((n) => full.slice(0, n))];
  });
}

export interface LinkingInput {
  platform: string;
  /** The people whose answers must stay unlinkable, with the text of their own records to hash. */
  people: Array<Person & { ownStrings?: string[] }>;
  /** Texts that are answers (open answers): no record holding one may name a person. */
  answers?: string[];
  /** While a pulse is open an answer sits in one place only; any other copy in the files is history. */
  answersKeptOnce?: boolean;
}

/** Only the findings that tie a person to an answer. */
export function links(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.kind === 'link');
}

/**
 * The linking attacks of issue 21, run on everything the copy holds:
 * - keyed hashes under every stored string: HMAC(k, id), sha256(k·id), sha256(id·k) and the
 *   bot's own ballot construction with k as the token, for every word k in the copy;
 * - hashes of strings in the person's own records (sha256, sha1, md5, sha512) found anywhere;
 * - records that hold both a person and an answer (an answer text or a ballot's answers);
 * - answers kept in more than one record, or ballots not in sorted order (row order, history).
 */
export function linkingAttacks(images: readonly StoreImage[], input: LinkingInput): Finding[] {
  const found: Finding[] = [];
  const words = wordsOf(images);
  const keys = [...words].filter((w) => w.length >= 16);
  const pulseIds = [...words].filter((w) => /^[a-f0-9]{8}$/.test(w));
  for (const image of images) for (const entry of image.entries) for (const m of entry.key.matchAll(/^pulse:([a-f0-9]{8})[:]/g)) pulseIds.push(m[1]!);
  const answerBearing = (key: string) => /^pulse:[a-f0-9]{8}:(ballots|answer:|open-answer:|voters)/.test(key);
  const answerTexts = images.flatMap((image) => image.entries.filter((e) => answerBearing(e.key)).map((e) => `${e.key} ${e.text}`));
  // A recomputable hash of a person is a link when it sits in a record that holds answers.
  const hit = (digest: Buffer, what: string) => {
    for (const form of forms(digest)) {
      if (!words.has(form)) continue;
      const kind = answerTexts.some((text) => text.includes(form)) ? 'link' : 'pseudonym';
      found.push({ where: 'a stored word', what: `${what} = ${form}`, kind });
    }
  };
  for (const person of input.people) {
    const subjects = person.ids.flatMap((id) => [id, `${input.platform}:${id}`, `${input.platform}\u0000${id}`]);
    for (const key of keys) {
      for (const subject of subjects) {
        hit(createHmac('sha256', key).update(subject).digest(), `HMAC(${short(key)}, ${subject})`);
        hit(createHash('sha256').update(key + subject).digest(), `sha256(${short(key)}+${subject})`);
        hit(createHash('sha256').update(subject + key).digest(), `sha256(${subject}+${short(key)})`);
      }
      for (const id of person.ids) {
        for (const pulseId of new Set(pulseIds)) {
          const ballot = ballotId(pulseId, input.platform, id, key);
          if (words.has(ballot)) found.push({ where: 'a stored word', what: `ballotId(${pulseId}, ${id}, ${short(key)})`, kind: 'link' });
        }
      }
    }
    const own = new Set<string>([...(person.ownStrings ?? []), ...person.ids, ...person.names]);
    for (const image of images) {
      for (const entry of image.entries) {
        if (![...person.ids, ...person.names].some((n) => entry.key.includes(n) || entry.text.includes(n))) continue;
        own.add(entry.key);
        own.add(entry.text);
        for (const word of `${entry.key} ${entry.text}`.split(/[^A-Za-z0-9_\-+/=]+/)) if (word.length >= 4) own.add(word);
      }
    }
    for (const text of own) {
      for (const algorithm of ['sha256', 'sha1', 'md5', 'sha512']) hit(createHash(algorithm).update(text).digest(), `${algorithm}(${short(text)})`);
    }
  }
  const names = input.people.flatMap((p) => [...p.ids, ...p.names]);
  for (const image of images) {
    for (const entry of image.entries) {
      const holdsAnswer = answerBearing(entry.key) || (input.answers ?? []).some((a) => entry.text.includes(a));
      const person = names.find((n) => entry.key.includes(n) || entry.text.includes(n));
      if (holdsAnswer && person) found.push({ where: `${image.label} ${entry.key}`, what: `an answer next to ${person}`, kind: 'link' });
      if (/^pulse:[a-f0-9]{8}:ballots$/.test(entry.key)) {
        const ids = Object.keys(JSON.parse(entry.text).value ?? JSON.parse(entry.text));
        if (ids.join() !== [...ids].sort().join()) found.push({ where: `${image.label} ${entry.key}`, what: 'ballots in the order they were issued', kind: 'link' });
        if (/\d{4}-\d\d-\d\dT|"expires":\d/.test(entry.text)) found.push({ where: `${image.label} ${entry.key}`, what: 'a time next to the ballots', kind: 'link' });
      }
      if (/^pulse:[a-f0-9]{8}:(answer|open-answer):/.test(entry.key)) found.push({ where: `${image.label} ${entry.key}`, what: 'an answer in a record of its own (its position tells when)', kind: 'link' });
    }
    // Raw bytes: every answer text once at most (no earlier version of the ballots in the file).
    for (const file of input.answersKeptOnce ? image.raw : []) {
      for (const answer of input.answers ?? []) {
        const count = file.text.split(Buffer.from(answer, 'utf8').toString('latin1')).length - 1;
        if (count > 1) found.push({ where: `${image.label} ${file.file}`, what: `the answer "${answer}" ${count} times (history)`, kind: 'link' });
      }
    }
  }
  return found;
}

function short(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}…` : text;
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '.');
}
