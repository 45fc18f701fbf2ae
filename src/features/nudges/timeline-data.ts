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
});

const timelineSchema = z.object({
  source: z.string().min(1),
  note: z.string().min(1),
  tasks: z.array(taskSchema).min(1).max(40),
});

export type TimelineTask = z.output<typeof taskSchema>;
export type Timeline = z.output<typeof timelineSchema>;
export type TaskOffer = NonNullable<TimelineTask['offer']>;

/** Loads data/timeline.json; task ids must be unique and advice ids must exist in the knowledge base. */
export function loadTimeline(dataDir: string, knowledgeIds: ReadonlySet<string>): Timeline {
  const file = path.join(dataDir, 'timeline.json');
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
