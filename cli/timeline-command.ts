// `liso timeline --session 2027-04-08T14:00 [--tz Europe/Amsterdam] [--time 09:00] [--lang nl|en] [--json]`:
// the preparation plan of a session from the default timeline, without a store or platform.
import path from 'node:path';
import { DateTime } from 'luxon';
import { isLang } from '../src/core/i18n.ts';
import { packageRoot } from '../src/core/paths.ts';
import { loadPrompts } from '../src/core/prompt-files.ts';
import { defaultHolidayOptions } from '../src/domain/dutch-holidays.ts';
import { isValidZone, parseDate, parseTime, toInstant } from '../src/domain/session-time.ts';
import { planTasks } from '../src/features/nudges/plan.ts';
import { taskTitleKey } from '../src/features/nudges/nudge-messages.ts';
import { loadNudgeTimelines } from '../src/features/nudges/nudges-feature.ts';
import { loadKnowledgeBase } from '../src/knowledge/knowledge-base.ts';
import { parseArgs } from './args.ts';
import { UsageError } from './startup-errors.ts';

export interface TimelineRow {
  task: string;
  title: string;
  role: string;
  weeksBefore: number;
  /** ISO 8601 with the zone's offset. */
  due: string;
}

export async function timelineCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['session', 'tz', 'time', 'lang']);
  const flag = (name: string) => {
    const value = args.flags.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const sessionFlag = flag('session');
  const [dateWord = '', timeWord = ''] = (sessionFlag ?? '').split('T');
  const date = parseDate(dateWord);
  const time = parseTime(timeWord);
  if (!date || !time) throw new UsageError('--session heeft een datum en tijd nodig / needs a date and time, e.g. --session 2027-04-08T14:00');
  const zone = flag('tz') ?? 'Europe/Amsterdam';
  if (!isValidZone(zone)) throw new UsageError(`--tz: "${zone}" is geen IANA-tijdzone / not an IANA time zone`);
  const nudgeTime = flag('time') ?? '09:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(nudgeTime)) throw new UsageError('--time moet HH:mm zijn / must be HH:mm');
  const langFlag = flag('lang') ?? 'nl';
  if (!isLang(langFlag)) throw new UsageError('--lang moet nl of en zijn / --lang must be nl or en');
  const startsAt = toInstant({ date, time, timeZone: zone });
  if (!(startsAt instanceof Date)) throw new UsageError(`--session: ${date} ${time} bestaat niet in / does not exist in ${zone}`);

  const root = packageRoot();
  const prompts = loadPrompts(path.join(root, 'prompts'));
  const timeline = loadNudgeTimelines(path.join(root, 'data'), loadKnowledgeBase(path.join(root, 'data')), prompts).regular;
  const t = prompts.translator(langFlag);
  const plan = planTasks(timeline, {}, { startsAt, timeZone: zone }, { time: nudgeTime, holidays: defaultHolidayOptions }, new Set());
  const rows: TimelineRow[] = plan
    .map((task) => ({
      task: task.id,
      title: t.text(taskTitleKey(task.id)),
      role: task.role,
      weeksBefore: task.weeksBefore,
      due: DateTime.fromJSDate(task.due, { zone }).toISO({ suppressMilliseconds: true })!,
    }))
    .sort((a, b) => a.due.localeCompare(b.due));
  if (args.flags.get('json') === true) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  for (const row of rows) process.stdout.write(`${row.due}  ${String(row.weeksBefore).padStart(2)} wk  ${row.role.padEnd(17)} ${row.title} (${row.task})\n`);
  return 0;
}
