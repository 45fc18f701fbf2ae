// `/liso vragen`: the questions the handbook could not answer, and how answers were rated.
import { formatMonth } from '../../core/coarse-time.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import type { Network } from '../../domain/types.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { AdviceFeatureDeps } from './advice-deps.ts';
import type { UnansweredQuestion } from './advice-store.ts';

const QUESTIONS_SHOWN = 15;

export async function questionsMessage(network: Network, t: Translator, deps: AdviceFeatureDeps): Promise<Message> {
  const questions = await deps.store.questionsOf(network.id);
  const blocks: Block[] = [{ type: 'heading', text: t.text('advice.questions.title', { network: network.name }) }];
  if (questions.length === 0) {
    blocks.push({ type: 'section', text: t.rich('advice.questions.none') });
  } else {
    blocks.push({
      type: 'list',
      items: questions.slice(0, QUESTIONS_SHOWN).map((q) =>
        t.rich('advice.questions.line', { date: formatMonth(q.askedAt, network.timeZone, t.lang), question: q.text, asker: askerLabel(q, t) }),
      ),
    });
    if (questions.length > QUESTIONS_SHOWN) blocks.push({ type: 'context', text: t.rich('advice.questions.older', { count: questions.length - QUESTIONS_SHOWN }) });
  }
  const feedback = await deps.store.feedbackFor(network.id);
  if (feedback.length > 0) {
    const helpful = feedback.filter((f) => f.helpful).length;
    blocks.push({ type: 'context', text: t.rich('advice.questions.feedback', { helpful, notHelpful: feedback.length - helpful }) });
    const weak = weakestTopics(feedback.filter((f) => !f.helpful).map((f) => f.topic), deps.knowledge, t.lang);
    if (weak.length > 0) blocks.push({ type: 'context', text: t.rich('advice.questions.weakTopics', { topics: weak.join(', ') }) });
  }
  return { summary: t.text('advice.questions.title', { network: network.name }), blocks };
}

function askerLabel(question: UnansweredQuestion, t: Translator): string {
  if (!question.passed) return t.text('advice.questions.anonymous');
  if (question.passed.anonymous || !question.passed.displayName) return t.text('advice.questions.passedAnonymous');
  return t.text('advice.questions.passedNamed', { user: question.passed.displayName });
}

function weakestTopics(topics: string[], kb: KnowledgeBase, lang: Lang): string[] {
  const counts = new Map<string, number>();
  for (const topic of topics) counts.set(topic, (counts.get(topic) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .flatMap(([id]) => kb.byId.get(id)?.[lang].title ?? []);
}
