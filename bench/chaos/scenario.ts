// The chaos run's scenario: which networks, people and channels exist, when the batch falls due,
// and which messages the bot owes for it. What is owed is derived here from the seed and the
// handbook's timeline files alone, never from the bot's own records, so a message the bot forgot
// to record as owed still counts as lost.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { packageRoot } from '../../src/core/paths.ts';
import { isWorkingDay } from '../../src/domain/dutch-holidays.ts';
import type { ChaosPlatform, PlatformIds } from './platforms.ts';

export interface ChaosSize {
  /** Networks with a session in about two weeks: each lead gets today's preparation digest. */
  nudgeNetworks: number;
  /** Networks whose pulse closes now, answered by everyone: results to each lead, a milestone in the channel. */
  pulseNetworks: number;
}

/** One message the bot owes: where it lands on Slack and what it is (for the report). */
export interface OwedMessage {
  /** A channel id, or the direct conversation the platform's fake opens for a user. */
  conversation: string;
  kind: 'digest' | 'results' | 'milestone';
}

export interface Scenario {
  size: ChaosSize;
  platform: ChaosPlatform['name'];
  ids: PlatformIds;
  /** When the batch is due: now, or (queued by the seed) a working day ahead. */
  dueAt: Date;
  /** IANA zone of every network (LISO_TIMEZONE), chosen so that now is a working day there. */
  zone: string;
  /** LISO_NUDGE_TIME: a few minutes before now in `zone`, so today's digests are due at once. */
  nudgeTime: string;
  /** When the seed's pulses start (LISO_PULSE_DAYS = 2 before they close, just before now). */
  pulseStart: Date;
  /** The seed's clock when the sessions of the nudge networks are planned (before the nudge time). */
  planAt: Date;
  /** The local day of those sessions (about two weeks ahead, a working day). */
  sessionDay: string;
  /** Participants per pulse network (all of them answer). */
  participants: number;
  owed: OwedMessage[];
}

/** Zones tried in turn for one where now is a working day, well inside the day (so the run never crosses midnight). */
const ZONES = ['Europe/Amsterdam', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu', 'Asia/Tokyo', 'Pacific/Auckland', 'Pacific/Kiritimati', 'Asia/Kolkata', 'America/Sao_Paulo'];
export const PULSE_DAYS = 2;
export const PULSE_REMINDER_DAY = 1;
const PARTICIPANTS = 3;


/** The roles the handbook's timeline files give tasks to: a lead with a task gets a digest. */
function rolesWithTasks(file: string): Set<string> {
  const data = JSON.parse(readFileSync(path.join(packageRoot(), 'data', file), 'utf8')) as { tasks: Array<{ role: string }> };
  return new Set(data.tasks.map((task) => task.role));
}

export function buildScenario(size: ChaosSize, platform: ChaosPlatform, now: Date = new Date()): Scenario {
  const { trekker, begeleider, channel, directOf } = platform.ids;
  const zone = ZONES.find((z) => {
    const local = DateTime.fromJSDate(now, { zone: z });
    return isWorkingDay(local.toISODate()!) && local.hour >= 2 && local.hour < 20;
  });
  if (!zone) throw new NoWorkingDayError();
  const local = DateTime.fromJSDate(now, { zone });
  const nudgeAt = local.minus({ minutes: 5 }).startOf('minute');
  let session = local.plus({ days: 15 }).startOf('day');
  while (!isWorkingDay(session.toISODate()!)) session = session.plus({ days: 1 });
  // The first session's timeline (data/timeline-first.json) is the one the seed's networks follow.
  const roles = rolesWithTasks('timeline-first.json');
  const owed: OwedMessage[] = [];
  for (let n = 0; n < size.nudgeNetworks; n++) {
    if (roles.has('trekker')) owed.push({ conversation: directOf(trekker(n)), kind: 'digest' });
    if (roles.has('procesbegeleider')) owed.push({ conversation: directOf(begeleider(n)), kind: 'digest' });
  }
  for (let n = size.nudgeNetworks; n < size.nudgeNetworks + size.pulseNetworks; n++) {
    owed.push({ conversation: directOf(trekker(n)), kind: 'results' });
    owed.push({ conversation: directOf(begeleider(n)), kind: 'results' });
    owed.push({ conversation: channel(n), kind: 'milestone' });
  }
  return {
    size,
    platform: platform.name,
    ids: platform.ids,
    dueAt: now,
    zone,
    nudgeTime: nudgeAt.toFormat('HH:mm'),
    pulseStart: local.minus({ days: PULSE_DAYS, minutes: 30 }).toJSDate(),
    planAt: nudgeAt.minus({ minutes: 60 }).toJSDate(),
    sessionDay: session.toISODate()!,
    participants: PARTICIPANTS,
    owed,
  };
}

export class NoWorkingDayError extends Error {
  constructor() {
    super('no zone where now is a working day between 02:00 and 20:00');
  }
}

/**
 * Noon of the next working day in Amsterdam: when the seed queues the batch itself, the batch is
 * due then (in the future, so nothing the seed stored has expired for the bot on the real clock),
 * whatever day the run is.
 */
export function nextWorkingNoon(now: Date = new Date()): Date {
  let day = DateTime.fromJSDate(now, { zone: 'Europe/Amsterdam' }).plus({ days: 1 }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
  while (!isWorkingDay(day.toISODate()!)) day = day.plus({ days: 1 });
  return day.toJSDate();
}

/** The environment shared by the seed and the bot: the same zone, nudge time and pulse length. */
export function scenarioEnv(scenario: Scenario): Record<string, string> {
  return {
    LISO_TIMEZONE: scenario.zone,
    LISO_NUDGE_TIME: scenario.nudgeTime,
    LISO_PULSE_DAYS: String(PULSE_DAYS),
    LISO_PULSE_REMINDER_DAY: String(PULSE_REMINDER_DAY),
  };
}

/**
 * The run's scenario. The bot's own tick makes the batch when now is a working day in some zone;
 * otherwise (a weekend everywhere), and always when `queueFirst`, the seed queues it for the next
 * working day, as the tests do: the tick is then not among what is killed.
 */
export function chooseScenario(size: ChaosSize, platform: ChaosPlatform, queueFirst: boolean, say: (line: string) => void): { scenario: Scenario; queueFirst: boolean } {
  if (queueFirst) return { scenario: buildScenario(size, platform, nextWorkingNoon()), queueFirst };
  try {
    return { scenario: buildScenario(size, platform, new Date()), queueFirst };
  } catch (error) {
    if (!(error instanceof NoWorkingDayError)) throw error;
    say('chaos: it is not a working day anywhere now; the seed queues the batch itself (the tick is then not killed)');
    return { scenario: buildScenario(size, platform, nextWorkingNoon()), queueFirst: true };
  }
}
