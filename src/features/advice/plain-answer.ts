// An advice result as plain text, for `liso ask` and logs: the same prompts as in chat, no buttons.
import type { AdviceResult } from '../../advice/advice-engine.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import { messageToPlainText } from '../../core/message.ts';
import { hasWordsBeyondMarkup } from '../../core/markup-words.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import { abstentionMessage } from './abstention-message.ts';
import { answerMessage } from './advice-messages.ts';
import { shownPassages } from './shown-passages.ts';

export function renderAnswer(result: AdviceResult, kb: KnowledgeBase, prompts: PromptCatalog): string {
  const t = prompts.translator(result.lang);
  const message =
    result.best && !result.abstained
      ? answerMessage(result.best.entry, kb, t, {
          interactive: false,
          ...(result.partial ? { missing: result.missing } : {}),
          ...(result.second ? { second: result.second.entry } : {}),
          alternatives: result.alternatives.map((a) => a.entry),
          shown: shownPassages(result.best.entry, result.lang, result.relevance, result.asksWorkForms),
        })
      : abstentionMessage(t, {
          question: result.question,
          closest: result.alternatives.map((a) => a.entry),
          interactive: false,
          missing: result.missing,
          noWords: !hasWordsBeyondMarkup(result.question),
        });
  return messageToPlainText(message);
}
