// Issue 21 §1 from outside: a console run on a real SQLite file, copied mid-pulse (two of three
// invitees answered) and after the close, attacked as someone holding the copy would attack it.
import { rm } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../adapters/console/index.ts';
import type { ChatAdapter } from '../../src/core/chat-adapter.ts';
import type { Feature } from '../../src/core/feature.ts';
import type { Message } from '../../src/core/message.ts';
import { ballotId } from '../../src/features/pulse/ballot.ts';
import { consoleAppOnFile } from './console-app.ts';
import type { StoreImage } from './store-audit.ts';
import { findPerson, imageOfLogs, imageOfSqliteFile, linkingAttacks, links } from './store-audit.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

const INVITEES = [
  { ids: ['sanne'], names: ['Sanne'] },
  { ids: ['ahmed'], names: ['Ahmed'] },
  { ids: ['joris'], names: ['Joris'] },
];
const OPEN_ANSWER = 'Meer tijd voor de casus graag';

const SCRIPT = `
/liso start Jeugd Leiden
/liso rol procesbegeleider @Bram
/liso rol deelnemer @Sanne @Ahmed @Joris
/liso sessie 2027-01-04 09:30
:klok +1h
/liso pulse
# Button 1 is "Hoe anoniem is dit?"; statement 1 is buttons 2-6, statement 3 is 12-16, the open question is 32.
:als Sanne
:privé
:knop 5
:knop 14
:knop 32
${OPEN_ANSWER}
:als Ahmed
:privé
:knop 6
:knop 13
# Ahmed changes his mind: only the last answer may exist anywhere in the file.
:knop 15
/liso kopie
:als Anna
/liso pulse resultaten
:klok +8d
/liso kopie
`;

interface Run {
  transcript: string;
  copies: StoreImage[];
  logs: StoreImage;
  /** Every direct message the console adapter was asked to send, with its recipient. */
  directs: Array<{ to: string; message: Message }>;
}

async function run(): Promise<Run> {
  const { dir, file, store, app, logs: logLines } = await consoleAppOnFile('liso-linking-', 'debug');
  dirs.push(dir);
  const copies: StoreImage[] = [];
  // What an attacker does between two presses: copy the files as they are on disk, nothing flushed.
  const copier: Feature = {
    name: 'copier',
    commands: [{ name: 'kopie', summary: 'help.summary', usage: 'help.usage', run: async () => void copies.push(await imageOfSqliteFile(file, `copy ${copies.length + 1}`)) }],
  };
  app.bot.use(copier);
  const directs: Run['directs'] = [];
  const attach = app.bot.attach.bind(app.bot);
  app.bot.attach = (adapter: ChatAdapter) => {
    const send = adapter.sendDirect.bind(adapter);
    adapter.sendDirect = async (userId, message) => {
      directs.push({ to: userId, message });
      return send(userId, message);
    };
    return attach(adapter);
  };
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (chunk) => chunks.push(String(chunk)));
  await runConsole({ app, input: Readable.from(SCRIPT.split('\n').map((l) => `${l}\n`)), output, interactive: false, echo: true, lang: 'nl', timeZone: 'Europe/Amsterdam' });
  await store.close();
  return { transcript: chunks.join(''), copies, logs: imageOfLogs(logLines), directs };
}

function tokensOf(directs: Run['directs']): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const { to, message } of directs) {
    for (const block of message.blocks) {
      if (block.type !== 'actions') continue;
      for (const button of block.buttons) if (button.actionId === 'pulse.vote') tokens.set(to, button.value.split(':')[1]!);
    }
  }
  return tokens;
}

describe('pulse answers against a copy of the SQLite file (console run)', async () => {
  const result = await run();
  const [midPulse, afterClose] = result.copies;
  const pulseId = /"pulse:([a-f0-9]{8})"|pulse:([a-f0-9]{8}):ballots/.exec(midPulse!.entries.map((e) => e.key).join(' '))!.slice(1).find(Boolean)!;
  const tokens = tokensOf(result.directs);

  it('ran as a real pulse: three invitations, two ballots answered, one open answer', () => {
    expect([...tokens.keys()].sort()).toEqual(['ahmed', 'joris', 'sanne']);
    const row = midPulse!.entries.find((e) => e.key === `pulse:${pulseId}:ballots`)!;
    const ballots = JSON.parse(row.text).value as Record<string, Record<string, unknown>>;
    expect(Object.keys(ballots)).toHaveLength(3);
    expect(Object.values(ballots).filter((b) => Object.keys(b).length > 0)).toHaveLength(2);
    expect(row.text).toContain(OPEN_ANSWER);
    // Whoever holds Sanne's token (only her invitation does) finds her ballot: the data is real.
    expect(ballots[ballotId(pulseId, 'console', 'sanne', tokens.get('sanne')!)]).toMatchObject({ sessie: 4, betrokkenheid: 3, open: OPEN_ANSWER });
    expect(ballots[ballotId(pulseId, 'console', 'ahmed', tokens.get('ahmed')!)]).toEqual({ sessie: 5, betrokkenheid: 4 });
  });

  it('mid-pulse: no attack on the copy (rows, raw bytes of file, log and index) or the logs links an answer to a person', () => {
    expect(links(linkingAttacks([midPulse!, result.logs], { platform: 'console', people: INVITEES, answers: [OPEN_ANSWER], answersKeptOnce: true }))).toEqual([]);
  });

  it('mid-pulse: no ballot token is anywhere in the copy or the logs, and no earlier answer survives', () => {
    for (const token of tokens.values()) {
      for (const image of [midPulse!, result.logs]) {
        expect(image.entries.some((e) => e.key.includes(token) || e.text.includes(token))).toBe(false);
        expect(image.raw.some((f) => f.text.includes(token))).toBe(false);
      }
    }
    // Ahmed's first choice for statement 3 (button 12: 2) was replaced by 4 (button 14): the old
    // version of the ballots is not in the file, its log or its free pages.
    const ahmed = ballotId(pulseId, 'console', 'ahmed', tokens.get('ahmed')!);
    const raw = midPulse!.raw.map((f) => f.text).join('');
    // The current version may sit in the log too (a later write to the same page copies it there);
    // every copy is the current one.
    const copies = [...raw.matchAll(new RegExp(`${ahmed}":(\\{[^}]*\\})`, 'g'))].map((m) => m[1]);
    expect(copies.length).toBeGreaterThan(0);
    expect(new Set(copies)).toEqual(new Set(['{"sessie":5,"betrokkenheid":4}']));
    expect(raw).not.toMatch(new RegExp(`${ahmed}[^}]*"betrokkenheid":2`));
  });

  it('the invitees are findable as people (roles, invitations), which is expected; only not next to an answer', () => {
    for (const person of INVITEES) expect(findPerson(midPulse!, person).length).toBeGreaterThan(0);
  });

  it('after the close: no ballot, token or per-person answer is left in the raw bytes; the result is there', () => {
    expect(afterClose!.entries.some((e) => e.key === `pulse:${pulseId}:result`)).toBe(true);
    expect(afterClose!.entries.some((e) => /:ballots$|:invitees$/.test(e.key))).toBe(false);
    const ballots = Object.keys(JSON.parse(midPulse!.entries.find((e) => e.key === `pulse:${pulseId}:ballots`)!.text).value);
    const raw = afterClose!.raw.map((f) => f.text).join('');
    for (const id of ballots) expect(raw.includes(id), id).toBe(false);
    for (const token of tokens.values()) expect(raw.includes(token)).toBe(false);
    expect(links(linkingAttacks([afterClose!, result.logs], { platform: 'console', people: INVITEES, answers: [OPEN_ANSWER] }))).toEqual([]);
    expect(result.transcript).toMatch(/── privébericht aan Anna ──\n# Uitslag pulse Jeugd Leiden/);
    expect(result.transcript).toMatch(/2 van de 3 genodigden deden mee/);
  });
});
