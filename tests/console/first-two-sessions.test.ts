// The console script of a new network's first two sessions, lived one day at a time
// (tests/fixtures/console/first-two-sessions.txt). Every line the console prints is stamped with
// the simulated time at which it was printed, so each direct message is counted on its own day.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import { createApp } from '../../src/app.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadConfig } from '../../src/config/schema.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

interface Printed {
  at: Date;
  /** Where it went, from the console's header: a direct message to a person, a channel, … */
  header: string;
  text: string;
}

const FIRST = new Date('2027-02-11T13:00:00Z');
const SECOND = new Date('2027-05-13T12:00:00Z');
const ROLE_HOLDERS = ['Anna', 'Bram', 'Sanne', 'Ahmed', 'Joris', 'Piet'];
const DAY_MS = 86_400_000;

let messages: Printed[] = [];
let transcript = '';

beforeAll(async () => {
  const script = await readFile(path.resolve(import.meta.dirname, '../fixtures/console/first-two-sessions.txt'), 'utf8');
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const app = await createApp({ config: loadConfig({ LISO_STORE: 'memory://' }), clock, log: createLogger('silent'), store: new MemoryStore(clock) });
  const chunks: Array<{ at: Date; text: string }> = [];
  const output = new Writable({
    write(chunk, _encoding, done) {
      chunks.push({ at: clock.now(), text: String(chunk) });
      done();
    },
  });
  await runConsole({ app, input: Readable.from(script.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  transcript = chunks.map((c) => c.text).join('');
  messages = chunks.flatMap(({ at, text }) => {
    const header = /^\n── (.+) ──\n/.exec(text);
    return header ? [{ at, header: header[1]!, text: text.slice(header[0].length) }] : [];
  });
}, 120_000);

const amsterdamDay = (at: Date) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', dateStyle: 'short' }).format(at);
const directTo = (name: string) => messages.filter((m) => m.header === `privébericht aan ${name}`);
/** Direct messages per person and day, over `limit`. */
function daysOver(limit: number, people: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const m of messages) {
    const to = /^privébericht aan (.+)$/.exec(m.header)?.[1];
    if (!to || !people.includes(to)) continue;
    const key = `${to} ${amsterdamDay(m.at)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > limit).map(([key, n]) => `${key}: ${n}`);
}

describe('a new network\'s first two sessions, one day at a time', () => {
  it('ran the whole script without an error', () => {
    expect(transcript).toMatch(/Geplande sessies van Jeugd Leiden/);
    expect(transcript).not.toMatch(/Er ging iets mis/);
    expect(messages.length).toBeGreaterThan(50);
  });

  it('reminds every role holder in the week before each session, with the place and an .ics', () => {
    for (const [session, where] of [[FIRST, 'Stadhuis Leiden, zaal 2'], [SECOND, 'https://meet.example.org/jeugd']] as const) {
      for (const name of ROLE_HOLDERS) {
        // A week before on a working day (Ascension Day, 6 May 2027, moves it to the 5th, and the
        // heading then says "Over 8 dagen"), and on the day, except for Joris on the day of the first:
        // he answered "Ik kan niet" to its week reminder.
        const reminders = directTo(name).filter((m) => m.at < session && session.getTime() - m.at.getTime() < 10 * DAY_MS && /^# (Over een week|Over \d+ dagen|Vandaag): sessie van Jeugd Leiden/.test(m.text));
        const shown = reminders.map((m) => `${/^# (Over een week|Over \d+ dagen|Vandaag)/.exec(m.text)![1]} ${amsterdamDay(m.at)}`);
        const weekBefore = amsterdamDay(new Date(session.getTime() - (session === SECOND ? 8 : 7) * DAY_MS));
        const heading = session === SECOND ? 'Over 8 dagen' : 'Over een week';
        const declined = name === 'Joris' && session === FIRST;
        expect(shown, `${name} before ${session.toISOString()}`).toEqual([`${heading} ${weekBefore}`, ...(declined ? [] : [`Vandaag ${amsterdamDay(session)}`])]);
        for (const reminder of reminders) expect(reminder.text).toContain(`Waar: ${where}`);
        // The calendar invitation comes with the week reminder only: on the day they have it.
        expect(reminders.map((m) => /📎 sessie-jeugd-leiden-2027-0[25]-1[13]\.ics/.test(m.text))).toEqual([true, ...(declined ? [] : [false])]);
      }
    }
  });

  it('counts who comes for the trekker, without names', () => {
    expect(transcript).toMatch(/Aanmeldingen: 2 komen, 1 kan niet, 3 hebben nog niet gereageerd\./);
    expect(transcript).toMatch(/Aanmeldingen: 1 komt, 0 kunnen niet, 5 hebben nog niet gereageerd\./);
  });

  it('never sends a participant (no preparation tasks) more than 2 direct messages on a day', () => {
    expect(daysOver(2, ['Sanne', 'Ahmed', 'Joris'])).toEqual([]);
  });

  // With one preparation digest a day (issue 20 section 1) plus a session reminder on the days a
  // week before and of a session, the leads get 2 at most.
  it('never sends anyone more than 2 direct messages on a day', () => {
    expect(daysOver(2, ROLE_HOLDERS)).toEqual([]);
  });

  // The first session has its own plan (issue 20 section 2): nothing about a previous one.
  it('mentions no previous session before the first one took place', () => {
    const before = messages.filter((m) => m.at < FIRST).map((m) => m.text).join('\n');
    expect(before).not.toMatch(/vorige sessie|vorige keer|laatste bijeenkomst|sinds de vorige|previous session/i);
  });
});
