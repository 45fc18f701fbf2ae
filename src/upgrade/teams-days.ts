// Upgrade step 3: the Teams adapter's records the 2026-12-06 release wrote keep days, as the
// adapter writes them now, and every team's channels join the index a removal from the team reads.
import type { UpgradeContext } from './upgrade-step.ts';
import { eachRecord } from './scan.ts';

// The adapter's keys and shapes (adapters/teams/teams-keys.ts, conversation-registry.ts), named here
// because core code does not import an adapter.
const CONVERSATION = 'teams:conversation:';
const PERSON = 'teams:person:';
const TEAM = 'teams:team:';
const DAY_MS = 24 * 3_600_000;
const RECORD_TTL_MS = 800 * DAY_MS;
const MAX_TEAM_CHANNELS = 250;

interface TimedRecord {
  updatedAt: Date;
  removedAt?: Date;
  uninstalledAt?: Date;
  kind?: string;
  teamId?: string;
  id?: string;
}
interface TeamRecord {
  teamId: string;
  channels: string[];
  updatedAt: Date;
}

/**
 * Conversation and personal-chat records kept the moment of the last activity (a pulse press
 * included) and expired 800 days after it; now the start of its UTC day, expiring 800 days after
 * that. Channels heard from before the team index existed are added to it, so someone removed from
 * the team is told to the leads of every such channel.
 */
export async function teamsDays(context: UpgradeContext): Promise<Record<string, number>> {
  const { store, clock } = context;
  const counts = { conversations: 0, people: 0, teams: 0 };
  const teams = new Map<string, { channels: string[]; day: number }>();
  const rewrite = async (key: string, record: TimedRecord): Promise<boolean> => {
    const days = { updatedAt: dayOf(record.updatedAt), ...(record.removedAt ? { removedAt: dayOf(record.removedAt) } : {}), ...(record.uninstalledAt ? { uninstalledAt: dayOf(record.uninstalledAt) } : {}) };
    if (Object.entries(days).every(([field, day]) => day.getTime() === (record[field as keyof typeof days] as Date).getTime())) return false;
    const ttlMs = days.updatedAt.getTime() + RECORD_TTL_MS - clock.now().getTime();
    if (ttlMs <= 0) await store.delete(key);
    else await store.set(key, { ...record, ...days }, ttlMs);
    return true;
  };
  await eachRecord<TimedRecord>(store, CONVERSATION, async (records) => {
    for (const { key, value } of records) {
      if (await rewrite(key, value)) counts.conversations++;
      if (value.kind !== 'channel' || !value.teamId || !value.id) continue;
      const team = teams.get(value.teamId) ?? { channels: [], day: 0 };
      team.channels.push(value.id);
      team.day = Math.max(team.day, dayOf(value.updatedAt).getTime());
      teams.set(value.teamId, team);
    }
  });
  await eachRecord<TimedRecord>(store, PERSON, async (records) => {
    for (const { key, value } of records) if (await rewrite(key, value)) counts.people++;
  });
  for (const [teamId, found] of teams) {
    const known = await store.get<TeamRecord>(TEAM + teamId);
    const channels = [...new Set([...(known?.channels ?? []), ...found.channels])].slice(-MAX_TEAM_CHANNELS);
    const day = Math.max(found.day, known?.updatedAt.getTime() ?? 0);
    const ttlMs = day + RECORD_TTL_MS - clock.now().getTime();
    if (ttlMs <= 0 || (known && channels.length === known.channels.length)) continue;
    await store.set(TEAM + teamId, { teamId, channels, updatedAt: new Date(day) }, ttlMs);
    counts.teams++;
  }
  return counts;
}

function dayOf(date: Date): Date {
  const ms = date.getTime();
  return new Date(ms - (ms % DAY_MS));
}
