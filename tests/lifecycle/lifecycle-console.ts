// Console scripts of a network's end, and a count of what the bot sent after a given line.
import { runConsoleLines } from '../console/console-helpers.ts';
import type { ConsoleRun } from '../console/console-helpers.ts';

/** A network with two sessions ahead; on 19 February everyone with a role was reminded of the first. */
export const NETWORK_WITH_SESSIONS = [
  '/liso start Jeugd Leiden',
  '/liso rol procesbegeleider @Bram',
  '/liso rol deelnemer @Ahmed @Joris',
  '/liso sessie 2027-01-04 09:30',
  '/liso sessie 2027-02-25 14:00',
  '/liso sessie 2027-05-20 14:00',
  ':klok 2027-02-19T10:00',
];

/** The messages the bot sent (direct and channel posts) after the echo of `marker`, per recipient. */
export function sentAfter(run: ConsoleRun, marker: string): Map<string, string[]> {
  const at = run.text.indexOf(`> ${marker}\n`);
  if (at < 0) throw new Error(`marker not in transcript: ${marker}`);
  const sent = new Map<string, string[]>();
  for (const match of run.text.slice(at).matchAll(/── (?:privébericht aan (\S+)|kanaal (#\S+)) ──\n(.*)/g)) {
    const recipient = match[1] ?? match[2]!;
    sent.set(recipient, [...(sent.get(recipient) ?? []), match[3]!]);
  }
  return sent;
}

export function total(sent: Map<string, string[]>): number {
  return [...sent.values()].reduce((sum, lines) => sum + lines.length, 0);
}

export { runConsoleLines };
