// Finds the task a person names: its id, or its title in either language, ignoring case,
// accents and punctuation, also by a unique start ("agenda", "Agenda delen", "visuele notulen").
import type { Translator } from '../../core/i18n.ts';
import { foldName } from '../../core/sanitize.ts';
import { taskTitleKey } from './nudge-messages.ts';
import type { TimelineTask } from './timeline-data.ts';

export { foldName };

export function findTask(tasks: readonly TimelineTask[], typed: string, translators: readonly Translator[]): TimelineTask | undefined {
  const word = foldName(typed);
  if (!word) return undefined;
  const names = (task: TimelineTask) => [foldName(task.id), ...translators.map((t) => foldName(t.text(taskTitleKey(task.id))))];
  const exact = tasks.filter((task) => names(task).includes(word));
  if (exact.length === 1) return exact[0];
  const started = tasks.filter((task) => names(task).some((name) => name.startsWith(word)));
  return started.length === 1 ? started[0] : undefined;
}
