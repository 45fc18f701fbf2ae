// Finds the task a person names: its id, or its title in either language, ignoring case,
// accents and punctuation, also by a unique start or part ("agenda", "Agenda delen", "visuele notulen").
import type { Translator } from '../../core/i18n.ts';
import { foldName } from '../../core/sanitize.ts';
import { taskTitleKey } from './nudge-messages.ts';
import type { TimelineTask } from './timeline-data.ts';

export { foldName };

export function findTask(tasks: readonly TimelineTask[], typed: string, translators: readonly Translator[]): TimelineTask | undefined {
  const named = tasksNamed(tasks, typed, translators);
  return named.length === 1 ? named[0] : undefined;
}

/**
 * The tasks a typed name may mean, the closest kind of match first: named exactly, else named by
 * its start, else containing it ("werkvorm" is part of two tasks: the caller asks which).
 */
export function tasksNamed(tasks: readonly TimelineTask[], typed: string, translators: readonly Translator[]): TimelineTask[] {
  const word = foldName(typed);
  if (!word) return [];
  const names = (task: TimelineTask) => [foldName(task.id), ...translators.map((t) => foldName(t.text(taskTitleKey(task.id))))];
  for (const matches of [(name: string) => name === word, (name: string) => name.startsWith(word), (name: string) => name.includes(word)]) {
    const found = tasks.filter((task) => names(task).some(matches));
    if (found.length > 0) return found;
  }
  return [];
}
