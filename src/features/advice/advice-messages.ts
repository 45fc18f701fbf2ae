// The advice answers as platform-neutral messages: an entry's card, more tips and the stumbling-block menu
// (the honest "not covered" answer is abstention-message.ts). Shared by the chat feature and `liso ask`.
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block, Button, Message } from '../../core/message.ts';
import { plain } from '../../core/rich-text.ts';
import { truncate } from '../../core/sanitize.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { KnowledgeEntry } from '../../knowledge/schema.ts';
import type { Citation } from './citations.ts';
import { citeSources } from './citations.ts';
import { shorten } from './sentence-shortening.ts';
import type { ShownPassages } from './shown-passages.ts';
import { encodeShown, firstPassages, withinEntry } from './shown-passages.ts';

export const adviceActions = {
  topic: 'advice.topic',
  more: 'advice.more',
  feedback: 'advice.feedback',
  pass: 'advice.pass',
  keep: 'advice.keep',
  discard: 'advice.discard',
} as const;

const MAX_PARAGRAPH_CHARS = 260;
/** A tip is usually kept whole (nine in ten are under 200 characters); only the few long ones are shortened. */
const MAX_TIP_CHARS = 260;
const RELATED_SHOWN = 3;
/** Of the topics under an answer, at most this many are the question's next entries; the rest are the entry's related ones. */
const ALTERNATIVES_SHOWN = 2;
/** Questions are echoed back shortened: enough to recognise, never a wall of someone's text. */
export const MAX_ECHOED_QUESTION = 300;
/** The names in "Over … zegt het handboek niets." fit one line. */
const MAX_MISSING_CHARS = 120;

/** The source line: "Bron: a; b", or "Bron: a; b (+4)" when not every reference fits one line ("en 4 andere" would read as part of a title such as "Trekker en procesbegeleider"). */
function sourceLine(citation: Citation, t: Translator): Block {
  const text = citation.more > 0
    ? t.rich('advice.answer.sourceMore', { sources: citation.shown, count: citation.more })
    : t.rich('advice.answer.source', { sources: citation.shown });
  return { type: 'context', text };
}

/** A topic button's value: the entry id, and the language the answer should come in. */
export function topicValue(entryId: string, lang: Lang): string {
  return `${entryId}:${lang}`;
}

export interface AnswerOptions {
  /** Present in chat: enables the feedback buttons, which refer back to this stored answer. */
  answerId?: string;
  /** Buttons for more tips, related topics and feedback; off for plain-text output (CLI). */
  interactive: boolean;
  /** Shown instead of the feedback buttons once the reader has rated the answer. */
  rated?: 'yes' | 'no';
  /** What the question asked that the handbook lacks: said first, in one line, before the closest entry. */
  missing?: readonly string[];
  /** The entry of a second topic in the question, offered under the answer. */
  second?: KnowledgeEntry;
  /** The paragraphs and tips to show (shown-passages.ts); the entry's first ones when absent. */
  shown?: ShownPassages;
  /**
   * The entries that came next for this question. Offered before the entry's own related topics: when the best
   * entry is not what was meant, the right one is usually among these (top-3 against top-1 in BENCHMARKS.md).
   */
  alternatives?: readonly KnowledgeEntry[];
  /** A partial answer's question, held until the asker chooses to keep it for the leads, pass it on, or not. */
  held?: HeldQuestion;
}

/** A question held for a network until its asker chooses what happens to it. */
export interface HeldQuestion {
  networkName: string;
  questionId: string;
}

/** "Mag ik je vraag … bewaren?" with its four choices: the same after a refusal and after a partial answer. */
export function keepChoiceBlocks(t: Translator, held: HeldQuestion): Block[] {
  const { networkName: network, questionId } = held;
  return [
    { type: 'section', text: t.rich('advice.abstain.keepQuestion', { network }) },
    {
      type: 'actions',
      buttons: [
        { actionId: adviceActions.keep, value: questionId, label: t.text('advice.abstain.keep') },
        { actionId: adviceActions.pass, value: `${questionId}:named`, label: t.text('advice.abstain.passNamed') },
        { actionId: adviceActions.pass, value: `${questionId}:anonymous`, label: t.text('advice.abstain.passAnonymous') },
        { actionId: adviceActions.discard, value: questionId, label: t.text('advice.abstain.discard') },
      ],
    },
  ];
}

/**
 * "a", "a en over b", "a, over b en over c" (English "a, about b or about c"): the preposition comes back
 * before every name, since names themselves hold "en" ("salarissen en arbeidsrecht").
 */
export function joinMissing(names: readonly string[], t: Translator): string {
  if (names.length <= 1) return names[0] ?? '';
  const rest = names.slice(1).map((name) => t.text('advice.answer.missingAbout', { name }));
  return `${[names[0], ...rest.slice(0, -1)].join(', ')} ${t.text('advice.answer.missingJoin')} ${rest[rest.length - 1]}`;
}

/** The names of what the handbook lacks, shortened to fit one line. */
function missingNames(missing: readonly string[], t: Translator): string {
  return truncate(joinMissing(missing, t), MAX_MISSING_CHARS);
}

/** "Over de AVG zegt het handboek niets." for the names given, shortened to one line. */
export function missingLine(missing: readonly string[], t: Translator): Block {
  return { type: 'section', text: t.rich('advice.answer.missing', { missing: missingNames(missing, t) }) };
}

export function answerMessage(entry: KnowledgeEntry, kb: KnowledgeBase, t: Translator, options: AnswerOptions): Message {
  const text = entry[t.lang];
  const shown = withinEntry(options.shown ?? firstPassages(entry, t.lang), entry, t.lang);
  const missing = options.missing ?? [];
  const blocks: Block[] = [
    ...(missing.length > 0 ? [missingLine(missing, t), { type: 'context', text: t.rich('advice.answer.closest') } as Block] : []),
    { type: 'heading', text: text.title },
    { type: 'section', text: t.rich('advice.answer.approach') },
    ...shown.approach.map((i): Block => ({ type: 'section', text: plain(shorten(text.approach[i]!, MAX_PARAGRAPH_CHARS)) })),
  ];
  // Asked for work forms: they come in the answer itself, not only under "Meer tips".
  if (shown.workForms && text.workForms.length > 0) {
    blocks.push({ type: 'section', text: t.rich('advice.more.workForms') }, { type: 'list', items: text.workForms.map((form) => plain(shorten(form, MAX_TIP_CHARS))) });
  }
  const tips = shown.tips.map((i) => text.tips[i]!);
  if (tips.length > 0) {
    blocks.push({ type: 'section', text: t.rich('advice.answer.tips') }, { type: 'list', items: tips.map((tip) => plain(shorten(tip, MAX_TIP_CHARS))) });
  }
  blocks.push(sourceLine(citeSources(entry, kb, t.lang), t));
  if (options.second) {
    const title = options.second[t.lang].title;
    blocks.push({ type: 'context', text: t.rich('advice.answer.second') });
    blocks.push(options.interactive ? { type: 'actions', buttons: [{ actionId: adviceActions.topic, value: topicValue(options.second.id, t.lang), label: truncate(title, 75) }] } : { type: 'list', items: [plain(title)] });
  }
  const topics = nearbyTopics(entry, kb, options);
  const topicsLabel = t.text(options.alternatives?.some((a) => topics.includes(a)) ? 'advice.answer.alternatives' : 'advice.answer.related');
  if (options.interactive) {
    if (hasMore(entry, t.lang, shown)) {
      const encoded = encodeShown(shown, entry, t.lang);
      const value = encoded ? `${topicValue(entry.id, t.lang)}:${encoded}` : topicValue(entry.id, t.lang);
      blocks.push({ type: 'actions', buttons: [{ actionId: adviceActions.more, value, label: t.text('advice.answer.moreTips') }] });
    }
    if (topics.length > 0) {
      blocks.push(
        { type: 'context', text: plain(topicsLabel) },
        { type: 'actions', buttons: topics.map((topic): Button => ({ actionId: adviceActions.topic, value: topicValue(topic.id, t.lang), label: truncate(topic[t.lang].title, 75) })) },
      );
    }
    if (options.rated) {
      blocks.push({ type: 'context', text: t.rich(options.rated === 'yes' ? 'advice.answer.ratedHelpful' : 'advice.answer.ratedNotHelpful') });
    } else if (options.answerId) {
      blocks.push(
        { type: 'context', text: t.rich('advice.answer.helpfulQuestion') },
        {
          type: 'actions',
          buttons: [
            { actionId: adviceActions.feedback, value: `${options.answerId}:yes`, label: t.text('advice.answer.helpful'), spoken: t.text('advice.answer.helpfulSpoken') },
            { actionId: adviceActions.feedback, value: `${options.answerId}:no`, label: t.text('advice.answer.notHelpful'), spoken: t.text('advice.answer.notHelpfulSpoken') },
          ],
        },
      );
    }
    if (options.held) blocks.push(...keepChoiceBlocks(t, options.held));
  } else if (topics.length > 0) {
    blocks.push({ type: 'context', text: plain(`${topicsLabel} ${topics.map((r) => r[t.lang].title).join(' · ')}`) });
  }
  return { summary: missing.length > 0 ? t.text('advice.answer.missing', { missing: missingNames(missing, t) }) : text.title, blocks };
}

function hasMore(entry: KnowledgeEntry, lang: Lang, shown: ShownPassages): boolean {
  const text = entry[lang];
  const workFormsLeft = !shown.workForms && text.workForms.length > 0;
  return text.approach.length > shown.approach.length || text.tips.length > shown.tips.length || workFormsLeft || text.reflectionQuestions.length > 0;
}

/** The question's next entries first, then the entry's own related ones: each once, never the answer or the offered second topic. */
function nearbyTopics(entry: KnowledgeEntry, kb: KnowledgeBase, options: AnswerOptions): KnowledgeEntry[] {
  const answered = new Set<KnowledgeEntry>([entry, ...(options.second ? [options.second] : [])]);
  const next = (options.alternatives ?? []).filter((a) => !answered.has(a)).slice(0, ALTERNATIVES_SHOWN);
  const related = entry.related.flatMap((id) => kb.byId.get(id) ?? []);
  const shown = new Set(answered);
  const topics: KnowledgeEntry[] = [];
  for (const topic of [...next, ...related]) {
    if (shown.has(topic) || topics.length === RELATED_SHOWN) continue;
    shown.add(topic);
    topics.push(topic);
  }
  return topics;
}

/** The rest of an entry: the tips not shown yet, its work forms and reflection questions. */
/** What the answer left out (`shown`: what it showed): the rest of the approach, tips, work forms, reflection questions. */
export function moreMessage(entry: KnowledgeEntry, kb: KnowledgeBase, t: Translator, shown: ShownPassages = firstPassages(entry, t.lang)): Message {
  const text = entry[t.lang];
  const blocks: Block[] = [{ type: 'heading', text: t.text('advice.more.title', { title: text.title }) }];
  const extraTips = text.tips.filter((_, i) => !shown.tips.includes(i));
  // The rest of the approach would otherwise never reach anyone.
  const restOfApproach = text.approach.filter((_, i) => !shown.approach.includes(i));
  const sections: Array<[Parameters<Translator['rich']>[0], string[]]> = [
    ['advice.more.approach', restOfApproach],
    ['advice.more.tips', extraTips],
    ['advice.more.workForms', shown.workForms ? [] : text.workForms],
    ['advice.more.reflection', text.reflectionQuestions],
  ];
  for (const [heading, items] of sections) {
    if (items.length === 0) continue;
    blocks.push({ type: 'section', text: t.rich(heading) }, { type: 'list', items: items.map((item) => plain(item)) });
  }
  if (blocks.length === 1) blocks.push({ type: 'section', text: t.rich('advice.more.nothing') });
  // Asked for more: every reference, none left off.
  blocks.push(sourceLine(citeSources(entry, kb, t.lang, Infinity), t));
  return { summary: t.text('advice.more.title', { title: text.title }), blocks };
}

/** `/liso` with nothing after it: the stumbling blocks to choose from. */
export function menuMessage(kb: KnowledgeBase, t: Translator): Message {
  const blocks = kb.entries.filter((entry) => entry.kind === 'struikelblok');
  return {
    summary: t.text('advice.menu.title'),
    blocks: [
      { type: 'heading', text: t.text('advice.menu.title') },
      { type: 'section', text: t.rich('advice.menu.intro') },
      {
        type: 'choices',
        choice: {
          actionId: adviceActions.topic,
          placeholder: t.text('advice.menu.placeholder'),
          options: blocks.map((entry) => ({ label: truncate(entry[t.lang].title, 75), value: topicValue(entry.id, t.lang) })),
        },
      },
      { type: 'context', text: t.rich('advice.menu.more') },
    ],
  };
}
