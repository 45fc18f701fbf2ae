// Shared pieces of the nudges feature's messages: task texts, button values, moments, role names.
// Texts come from prompts/<lang>/nudges.json.
import { DateTime } from 'luxon';
import type { PromptKey, Translator } from '../../core/i18n.ts';
import type { RoleName } from '../../domain/roles.ts';
import { parseRole } from '../../domain/roles.ts';
import type { BotEvidence } from './timeline-data.ts';

export const ACTION_PREFIX = 'nudge.';
/** `more` is a compact digest's second button (Later, N.v.t. and the advice, asked privately); `skipChosen` its N.v.t. */
export const actions = { done: 'nudge.done', later: 'nudge.later', skip: 'nudge.skip', handover: 'nudge.handover', more: 'nudge.more', skipChosen: 'nudge.skip-chosen' } as const;
/** The choices "Later" offers: days on (then to a working day), each its own button. */
export const laterChoices = [
  { actionId: 'nudge.later.tomorrow', days: 1, label: 'nudge.later.tomorrow' },
  { actionId: 'nudge.later.two-days', days: 2, label: 'nudge.later.twoDays' },
  { actionId: 'nudge.later.next-week', days: 7, label: 'nudge.later.nextWeek' },
] as const;

export const taskTitleKey = (taskId: string) => `nudge.task.${taskId}.title` as PromptKey;
/** What a task the bot can see done says of it (bot-work.ts), in the plan and on a redrawn digest. */
export const botDoneKey = (evidence: BotEvidence) => `nudge.byBot.${evidence}` as PromptKey;
export const taskBodyKey = (taskId: string) => `nudge.task.${taskId}.body` as PromptKey;

/** A task button's value: the session, the task and the digest's day (to show the pressed digest again). */
export const buttonValue = (sessionId: string, taskId: string, day?: string) => [sessionId, taskId, ...(day ? [day] : [])].join(':');

/** The hand-over button's value: the session, the role whose open tasks it lists, and the digest's day. */
export const handoverValue = (sessionId: string, role: RoleName, day: string) => [sessionId, role, day].join(':');

export function parseHandoverValue(value: string): { sessionId: string; role: RoleName } | undefined {
  const [sessionId, role] = value.split(':');
  const parsed = role === undefined ? undefined : parseRole(role);
  return sessionId && parsed ? { sessionId, role: parsed } : undefined;
}

export function parseButtonValue(value: string): { sessionId: string; taskId: string; day?: string } | undefined {
  const [sessionId, taskId, day, ...rest] = value.split(':');
  if (!sessionId || !taskId || rest.length > 0 || (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))) return undefined;
  return { sessionId, taskId, ...(day ? { day } : {}) };
}

/** "ma 1 mrt 2027 09:00" in the reader's language and the network's zone. */
export function formatMoment(instant: Date, zone: string, lang: 'nl' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat('ccc d LLL yyyy HH:mm');
}

export const roleLabel = (t: Translator, role: RoleName) => t.text(`role.${role}`);
