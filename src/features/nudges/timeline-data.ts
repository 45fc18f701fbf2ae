// The session-preparation timeline (data/timeline.json): which task falls how many weeks before
// a session and whose it is. Validated at start-up; a bad file names the file and the field.
import path from 'node:path';
import { z } from 'zod';
import { DataFileError, loadJsonFile } from '../../core/data-file.ts';
import { roleNames } from '../../domain/roles.ts';
import type { RoleName } from '../../domain/roles.ts';

/** Longest lead time a task may have; a network meets about once a quarter. */
export const MAX_WEEKS_BEFORE = 26;

const taskSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{1,29}$/, 'kleine letters, cijfers en streepjes / lower-case slug'),
  weeksBefore: z.number().int().min(1).max(MAX_WEEKS_BEFORE),
  role: z.enum(roleNames),
  /** The task goes to this role instead when the network has someone in it (catering → projectassistent). */
  preferRole: z.enum(roleNames).optional(),
  /** Knowledge entry id the nudge's advice button opens. */
  advice: z.string().min(1),
  /** Extra help the nudge offers: start the pulse check, the wins since the last session, a calendar invitation. */
  offer: z.enum(['pulse', 'wins', 'invitation']).optional(),
  /** The task is about the previous session (its notes, lessons, experience): it needs one. */
  about: z.enum(['previous']).optional(),
  /**
   * What the bot itself can see done, which then counts the task as done (bot-work.ts): the agenda shared
   * with `/liso sessie agenda`, a pulse started about the previous session, the session announced in the channel.
   */
  doneWhen: z.enum(['agendaShared', 'pulseStarted', 'announced']).optional(),
});

const timelineSchema = z.object({
  source: z.string().min(1),
  note: z.string().min(1),
  tasks: z.array(taskSchema).min(1).max(40),
});

export type TimelineTask = z.output<typeof taskSchema>;
export type Timeline = z.output<typeof timelineSchema>;
export type TaskOffer = NonNullable<TimelineTask['offer']>;
export type BotEvidence = NonNullable<TimelineTask['doneWhen']>;

/** The plan of a network's first session, and of every session after one. */
export interface Timelines {
  first: Timeline;
  regular: Timeline;
}

/** Loads data/timeline.json and data/timeline-first.json; the first session's plan has no task about a previous session. */
export function loadTimelines(dataDir: string, knowledgeIds: ReadonlySet<string>): Timelines {
  const first = loadTimeline(dataDir, knowledgeIds, 'timeline-first.json');
  const index = first.tasks.findIndex((task) => task.about === 'previous');
  if (index >= 0) throw new DataFileError('data/timeline-first.json', `tasks.${index}.about`, 'de eerste sessie heeft geen vorige sessie / the first session has no previous one');
  return { first, regular: loadTimeline(dataDir, knowledgeIds) };
}

/** Every task of both plans once (a task in both counts once), for reading states and finding tasks by name. */
export function allTasks(timelines: Timelines): TimelineTask[] {
  const ids = new Set(timelines.regular.tasks.map((task) => task.id));
  return [...timelines.regular.tasks, ...timelines.first.tasks.filter((task) => !ids.has(task.id))];
}

/** Loads one timeline file; task ids must be unique and advice ids must exist in the knowledge base. */
export function loadTimeline(dataDir: string, knowledgeIds: ReadonlySet<string>, name = 'timeline.json'): Timeline {
  const file = path.join(dataDir, name);
  const timeline = loadJsonFile(file, timelineSchema);
  const shown = path.relative(process.cwd(), file) || file;
  const seen = new Set<string>();
  timeline.tasks.forEach((task, index) => {
    if (seen.has(task.id)) throw new DataFileError(shown, `tasks.${index}.id`, `"${task.id}" komt twee keer voor / appears twice`);
    seen.add(task.id);
    if (!knowledgeIds.has(task.advice)) {
      throw new DataFileError(shown, `tasks.${index}.advice`, `onbekend kennisitem / unknown knowledge entry "${task.advice}"`);
    }
  });
  return timeline;
}

/** The role that does a task, given who holds which role in the network. */
export function effectiveRole(task: { role: RoleName; preferRole?: RoleName | undefined }, heldRoles: ReadonlySet<RoleName>): RoleName {
  return task.preferRole && heldRoles.has(task.preferRole) ? task.preferRole : task.role;
}
