// The pulse trend as lines of text, one per closed pulse, for documents such as the journey
// report. Shows only what the results already showed: scores below the threshold stay pooled.
import type { Translator } from '../../core/i18n.ts';
import { formatDay, formatNumber } from './pulse-messages.ts';
import type { PulseRepository } from './pulse-repository.ts';
import type { LoadedQuestionSet } from './question-set.ts';
import { asPromptKey } from './question-set.ts';
import { meanOf } from './tally.ts';

export async function pulseTrendLines(repo: PulseRepository, questions: LoadedQuestionSet, networkId: string, timeZone: string, t: Translator): Promise<string[]> {
  const results = await repo.resultsOf(networkId);
  return results.map((result) => {
    const means = questions.statements.flatMap((statement) => {
      const shown = result.questions[statement.id]?.shown;
      const mean = shown ? meanOf(shown) : undefined;
      return mean === undefined ? [] : [`${t.text(asPromptKey(statement.label))} ${formatNumber(mean, t.lang)}`];
    });
    const vars = { date: formatDay(result.closedAt, timeZone, t.lang), respondents: result.respondents, invited: result.invited };
    return means.length > 0 ? t.text('pulse.trend.line', { ...vars, means: means.join('; ') }) : t.text('pulse.trend.pooled', vars);
  });
}
