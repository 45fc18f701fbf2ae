// Finds the task a person names: its id, a unique start of it, or its title in either language.
import type { Translator } from '../../core/i18n.ts';
import { taskTitleKey } from './nudge-messages.ts';
import type { TimelineTask } from './timeline-data.ts';

export function findTask(tasks: readonly TimelineTask[], typed: string, translators: readonly Translator[]): TimelineTask | undefined {
  const word = typed.trim().toLowerCase();
  if (!word) return undefined;
  const exact = tasks.find((task) => task.id === word);
  if (exact) return exact;
  const byTitle = tasks.find((task) => translators.some((t) => t.text(taskTitleKey(task.id)).toLowerCase() === word));
  if (byTitle) return byTitle;
  const prefixed = tasks.filter((task) => task.id.startsWith(word));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
