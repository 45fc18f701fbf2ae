// The honest "the handbook does not answer this" message: what was asked, what is missing, the closest topics,
// and (in a network) whether to keep the question for the leads.
import type { Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { plain } from '../../core/rich-text.ts';
import { truncate } from '../../core/sanitize.ts';
import type { KnowledgeEntry } from '../../knowledge/schema.ts';
import type { HeldQuestion } from './advice-messages.ts';
import { adviceActions, keepChoiceBlocks, MAX_ECHOED_QUESTION, missingLine, topicValue } from './advice-messages.ts';

export interface AbstentionOptions {
  question: string;
  closest: KnowledgeEntry[];
  interactive: boolean;
  /** The network the question is held for until the asker chooses to keep it, pass it on, or not; absent outside a network. */
  held?: HeldQuestion;
  /** What the question asked that the handbook lacks, named in the first line. */
  missing?: readonly string[];
  /** The question had no words to search for (only emoji, punctuation, markup). */
  noWords?: boolean;
  /**
   * Read by the whole channel (a mention): the question may tell about someone else ("mevrouw de Boer zit alleen"), so
   * it is not quoted, nor what it names; the keep choice goes to the asker alone (privateKeepOffer).
   */
  visible?: boolean;
}

/** “Hoe laat is het?” as asked, shortened; a period after the quote only when the question has no end mark of its own. */
function echoQuestion(question: string, t: Translator): RichText {
  const echoed = truncate(question.trim(), MAX_ECHOED_QUESTION);
  return t.rich(/[.!?…]$/u.test(echoed) ? 'advice.abstain.quoteEnded' : 'advice.abstain.quote', { question: echoed });
}

export function abstentionMessage(t: Translator, options: AbstentionOptions): Message {
  if (options.noWords) {
    return { summary: t.text('advice.abstain.title'), blocks: [{ type: 'section', text: t.rich('advice.abstain.noWords') }] };
  }
  const named = !options.visible && options.missing !== undefined && options.missing.length > 0;
  const blocks: Block[] = [
    { type: 'heading', text: t.text('advice.abstain.title') },
    // When the missing subject is named, that line already says the handbook lacks it: the echo only adds the question.
    ...(named ? [missingLine(options.missing!, t)] : []),
    options.visible
      ? { type: 'section', text: t.rich('advice.abstain.bodyUnquoted') }
      : { type: 'section', text: t.rich(named ? 'advice.abstain.bodyNamed' : 'advice.abstain.body', { asked: echoQuestion(options.question, t) }) },
  ];
  if (options.closest.length > 0) {
    blocks.push({ type: 'section', text: t.rich('advice.abstain.closest') });
    if (options.interactive) {
      blocks.push({
        type: 'actions',
        buttons: options.closest.map((entry) => ({ actionId: adviceActions.topic, value: topicValue(entry.id, t.lang), label: truncate(entry[t.lang].title, 75) })),
      });
    } else {
      blocks.push({ type: 'list', items: options.closest.map((entry) => plain(entry[t.lang].title)) });
    }
  }
  if (!options.interactive) return { summary: t.text('advice.abstain.title'), blocks };
  if (options.held) {
    if (!options.visible) blocks.push(...keepChoiceBlocks(t, options.held));
  } else {
    blocks.push({ type: 'context', text: t.rich('advice.abstain.noNetwork') });
  }
  return { summary: t.text('advice.abstain.title'), blocks };
}

/**
 * To the asker alone, after an answer the channel read: the question as asked, what the handbook lacks, and whether to
 * keep it for the leads. Asking that in the channel would tell everyone who asked what.
 */
export function privateKeepOffer(t: Translator, question: string, held: HeldQuestion, missing: readonly string[] = []): Message {
  const blocks: Block[] = [
    { type: 'section', text: t.rich('advice.abstain.askedInChannel', { asked: echoQuestion(question, t) }) },
    ...(missing.length > 0 ? [missingLine(missing, t)] : []),
    ...keepChoiceBlocks(t, held),
  ];
  return { summary: t.text('advice.abstain.keepSummary'), blocks };
}
