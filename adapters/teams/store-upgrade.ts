// The Teams adapter's own store upgrade, run by startTeams before it serves: the records the
// 2026-12-06 release wrote keep days, as the adapter writes them now, and every team's channels join
// the index a removal from the team reads. Its version is kept apart from the core's (`teams:store-version`).
import type { Logger } from '../../src/core/logger.ts';
import { eachRecord } from '../../src/upgrade/scan.ts';
import { runUpgradeSteps } from '../../src/upgrade/store-upgrade.ts';
import type { UpgradeBase, UpgradeStep } from '../../src/upgrade/upgrade-step.ts';
import type { TeamRecord } from './conversation-registry.ts';
import { MAX_TEAM_CHANNELS, recordDay, recordTtlFrom } from './conversation-registry.ts';
import { teamsKeys } from './teams-keys.ts';

const CONVERSATION = teamsKeys.conversation('');
const PERSON = teamsKeys.person('');

export const TEAMS_UPGRADE_STEPS: readonly UpgradeStep<UpgradeBase>[] = [{ version: 1, name: 'Teams conversation and personal-chat records as days; team channel index', run: teamsDays }];

/** Brings the Teams records an earlier release wrote to this code's shapes, once per store. */
export function upgradeTeamsRecords(context: UpgradeBase, log: Logger): Promise<void> {
  return runUpgradeSteps(context, log, TEAMS_UPGRADE_STEPS, { version: 'teams:store-version', lease: 'teams:upgrade-lease' });
}

interface TimedRecord {
  updatedAt: Date;
  removedAt?: Date;
  uninstalledAt?: Date;
  kind?: string;
  teamId?: string;
  id?: string;
}

/**
 * Conversation and personal-chat records kept the moment of the last activity (a pulse press
 * included) and expired 800 days after it; now the start of its UTC day, expiring 800 days after
 * that. Channels heard from before the team index existed are added to it, so someone removed from
 * the team is told to the leads of every such channel.
 */
async function teamsDays(context: UpgradeBase): Promise<Record<string, number>> {
  const { store, clock } = context;
  const counts = { conversations: 0, people: 0, teams: 0 };
  const teams = new Map<string, { channels: string[]; day: number }>();
  const rewrite = async (key: string, record: TimedRecord): Promise<boolean> => {
    const days = { updatedAt: recordDay(record.updatedAt), ...(record.removedAt ? { removedAt: recordDay(record.removedAt) } : {}), ...(record.uninstalledAt ? { uninstalledAt: recordDay(record.uninstalledAt) } : {}) };
    if (Object.entries(days).every(([field, day]) => day.getTime() === (record[field as keyof typeof days] as Date).getTime())) return false;
    const ttlMs = recordTtlFrom(days.updatedAt, clock.now());
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
      team.day = Math.max(team.day, recordDay(value.updatedAt).getTime());
      teams.set(value.teamId, team);
    }
  });
  await eachRecord<TimedRecord>(store, PERSON, async (records) => {
    for (const { key, value } of records) if (await rewrite(key, value)) counts.people++;
  });
  for (const [teamId, found] of teams) {
    const known = await store.get<TeamRecord>(teamsKeys.team(teamId));
    const channels = [...new Set([...(known?.channels ?? []), ...found.channels])].slice(-MAX_TEAM_CHANNELS);
    const day = Math.max(found.day, known?.updatedAt.getTime() ?? 0);
    const ttlMs = recordTtlFrom(day, clock.now());
    if (ttlMs <= 0 || (known && channels.length === known.channels.length)) continue;
    await store.set(teamsKeys.team(teamId), { teamId, channels, updatedAt: new Date(day) }, ttlMs);
    counts.teams++;
  }
  return counts;
}
