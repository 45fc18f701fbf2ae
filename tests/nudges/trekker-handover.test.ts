// A trekker hands over halfway through a session's preparation, lived day by day on the console:
// the tasks she left open reach her successor once, at the next nudge moment, and nothing reaches
// her for the trekker's work after she left the role.
import { describe, expect, it } from 'vitest';
import { runConsoleLines } from '../console/console-helpers.ts';

/** Sanne leads Jeugd Leiden; the session of 8 April is prepared from January, some trekker tasks marked done. */
const PREPARED = [
  ':als Sanne',
  '/liso start Jeugd Leiden',
  '/liso rol procesbegeleider @Bram',
  '/liso rol deelnemer @Ahmed @Fatima',
  '/liso sessie 2027-01-05 14:00',
  '/liso sessie 2027-04-08 14:00',
  '/liso sessie 2027-07-08 14:00',
  ':klok 2027-01-14T09:30',
  '/liso tijdlijn gedaan geleerde-lessen',
  ':klok 2027-01-28T09:30',
  '/liso tijdlijn gedaan voortgang',
  ':klok 2027-02-11T09:30',
  '/liso tijdlijn gedaan afstemmen-organisaties',
  ':klok 2027-03-11T09:30',
];

/** Every day at 09:30 and 18:00 from `from` to `to` (local dates). */
function days(from: string, to: string): string[] {
  const lines: string[] = [];
  for (let day = new Date(`${from}T12:00:00Z`); day.toISOString().slice(0, 10) <= to; day = new Date(day.getTime() + 86_400_000)) {
    const date = day.toISOString().slice(0, 10);
    lines.push(`:klok ${date}T09:30`, `:klok ${date}T18:00`);
  }
  return lines;
}

interface Received {
  day: string;
  to: string;
  text: string;
}

/** Every direct message in the transcript after `marker`, with the day the clock showed. */
function directMessages(text: string, marker: string): Received[] {
  const from = text.indexOf(`> ${marker}\n`);
  if (from < 0) throw new Error(`marker not in transcript: ${marker}`);
  const received: Received[] = [];
  let day = '';
  for (const part of text.slice(from).split(/\n(?=── |\S+ in #\S+ > )/)) {
    const clock = /> :klok (\d{4}-\d\d-\d\d)/.exec(part);
    if (clock) day = clock[1]!;
    const direct = /^── privébericht aan (\S+) ──\n/.exec(part);
    if (direct) received.push({ day, to: direct[1]!, text: part });
  }
  return received;
}

const OPEN_TREKKER_TASKS = ['Afstemmen met partners', 'Agenda delen', 'Nieuwe deelnemers bellen of mailen'];
const DONE_TREKKER_TASKS = ['Geleerde lessen delen', 'Voortgang nalopen en delen', 'Afstemmen met organisaties'];
const preparation = (r: Received) => r.text.includes('# Je voorbereiding voor vandaag');

describe('a trekker hands over mid-preparation', () => {
  it('on a Friday evening: the successor gets the open trekker tasks on Monday morning, once; she gets no trekker work after', async () => {
    const handover = ':klok 2027-03-12T20:00';
    const run = await runConsoleLines([...PREPARED, handover, '/liso rol trekker @Joris', '/liso rol weg trekker @Sanne', ...days('2027-03-13', '2027-04-07')]);
    const after = directMessages(run.text, handover);
    const joris = after.filter((r) => r.to === 'Joris' && preparation(r));
    expect(joris[0]?.day).toBe('2027-03-15');
    for (const title of OPEN_TREKKER_TASKS) {
      expect(joris[0]!.text).toContain(`${title}:`);
      // Once as his task; the readiness overview a week before names it again, which is its job.
      expect(joris.filter((r) => r.day < '2027-04-01' && r.text.includes(`${title}:`)), title).toHaveLength(1);
    }
    for (const title of DONE_TREKKER_TASKS) expect(joris.every((r) => !r.text.includes(`${title}:`)), title).toBe(true);
    expect(joris[0]!.text).toMatch(/Jij bent nu trekker/);
    expect(after.filter((r) => r.to === 'Sanne')).toEqual([]);
  });

  it('on the morning a nudge is due, after 09:00: the task due that day reaches the successor the next morning', async () => {
    const handover = ':klok 2027-03-11T10:00';
    const run = await runConsoleLines([...PREPARED, handover, '/liso rol trekker @Joris', '/liso rol weg trekker @Sanne', ...days('2027-03-12', '2027-03-24')]);
    const joris = directMessages(run.text, handover).filter((r) => r.to === 'Joris' && preparation(r));
    expect(joris.map((r) => r.day)).toEqual(['2027-03-12']);
    for (const title of OPEN_TREKKER_TASKS) expect(joris[0]!.text).toContain(`${title}:`);
    // Every line says why it is his, the one Sanne got yesterday (still within its 48 hours) too.
    const lines = joris[0]!.text.split('\n');
    const tasks = lines.flatMap((line, i) => (OPEN_TREKKER_TASKS.some((title) => line.startsWith(`${title}:`)) ? [i] : []));
    expect(tasks).toHaveLength(OPEN_TREKKER_TASKS.length);
    for (const at of tasks) expect(lines[at + 1], lines[at]).toMatch(/Jij bent nu trekker, dus hij ligt nu bij jou/);
  });

  it('before 09:00 on the day a nudge is due: the successor gets it and the earlier open tasks in that morning\'s digest', async () => {
    const handover = ':klok 2027-03-11T08:30';
    const lines = [...PREPARED.slice(0, -1), ':klok 2027-03-10T18:00', handover, '/liso rol trekker @Joris', '/liso rol weg trekker @Sanne', ...days('2027-03-11', '2027-03-24')];
    const after = directMessages((await runConsoleLines(lines)).text, handover);
    const joris = after.filter((r) => r.to === 'Joris' && preparation(r));
    expect(joris.map((r) => r.day)).toEqual(['2027-03-11']);
    for (const title of OPEN_TREKKER_TASKS) expect(joris[0]!.text).toContain(`${title}:`);
    expect(after.filter((r) => r.to === 'Sanne')).toEqual([]);
  });

  it('a second trekker who joins while she stays is told they share the role, not that it is now theirs', async () => {
    const joins = ':klok 2027-03-11T10:00';
    const run = await runConsoleLines([...PREPARED, joins, '/liso rol trekker @Joris', ...days('2027-03-12', '2027-03-24')]);
    const joris = directMessages(run.text, joins).filter((r) => r.to === 'Joris' && preparation(r));
    expect(joris[0]?.day).toBe('2027-03-12');
    for (const title of OPEN_TREKKER_TASKS) expect(joris[0]!.text).toContain(`${title}:`);
    expect(joris[0]!.text).not.toMatch(/ligt nu bij jou/);
    expect(joris[0]!.text).toMatch(/Je deelt deze rol met Sanne; wie het doet, vinkt het af/);
  });
});
