// The pulse's messages: the invitation (with the anonymity rules), the reminder, the results.
import { DateTime } from 'luxon';
import type { Translator } from '../../core/i18n.ts';
import type { Block, Button, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import type { Thresholds } from './anonymity.ts';
import { MIN_OPEN_ANSWERS_FLOOR, MIN_RESPONDENTS_FLOOR } from './anonymity.ts';
import { BALLOT_PLACEHOLDER, ballotRef } from './ballot.ts';
import type { LoadedQuestionSet } from './question-set.ts';
import { asPromptKey } from './question-set.ts';
import type { PulseRecord, PulseResult, Score } from './pulse-types.ts';
import { SCORES } from './pulse-types.ts';
import { countOf, meanOf } from './tally.ts';

export const ACTION_PREFIX = 'pulse.';
export const VOTE_ACTION = 'pulse.vote';
export const OPEN_ACTION = 'pulse.open';
export const WITHDRAW_ACTION = 'pulse.withdraw';
export const START_ACTION = 'pulse.start';
export const ANONYMITY_ACTION = 'pulse.anonymity';
export const PREVIOUS_ACTION = 'pulse.previous';
export const JOIN_ACTION = 'pulse.join';
export const ADVICE_ACTION = 'advice.topic';
export const OPEN_FORM_ID = 'pulse.open-answer';

/** A mean below this, or a drop larger than DROP_LIMIT, comes with handbook advice. */
export const LOW_MEAN = 3.5;
export const DROP_LIMIT = 0.5;
const BAR_WIDTH = 10;
const SCORE_MEANINGS = ['pulse.invite.score.1', 'pulse.invite.score.2', 'pulse.invite.score.3', 'pulse.invite.score.4', 'pulse.invite.score.5'] as const;
const TREND_LENGTH = 4;

export function formatDay(instant: Date, timeZone: string, lang: 'nl' | 'en'): string {
  return DateTime.fromJSDate(instant, { zone: timeZone }).setLocale(lang === 'nl' ? 'nl-NL' : 'en-GB').toFormat('cccc d LLLL yyyy');
}

export function formatNumber(value: number, lang: 'nl' | 'en'): string {
  const text = value.toFixed(1);
  return lang === 'nl' ? text.replace('.', ',') : text;
}

export interface InviteInput {
  t: Translator;
  pulse: PulseRecord;
  networkName: string;
  timeZone: string;
  questions: LoadedQuestionSet;
  /**
   * The ballot token the buttons carry. Absent for the message handed to Delivery, whose stored
   * copy holds a placeholder that is replaced by a fresh token just before each send.
   */
  token?: string;
  /** The recipient's current answers, marked on the buttons. */
  current?: { scores: Record<string, Score>; open?: string };
}

/**
 * The invitation: what a participant needs before answering (how many statements, until when, that
 * nobody sees their answers), every statement with five buttons, the open question. How the
 * anonymity works is one press away ("Hoe anoniem is dit?"): read on a phone, a paragraph of it
 * before the first statement buried the statements.
 */
export function inviteMessage(input: InviteInput): Message {
  const { t, pulse, questions, current } = input;
  const ballot = ballotRef({ pulseId: pulse.id, token: input.token ?? BALLOT_PLACEHOLDER });
  const closes = formatDay(pulse.closesAt, input.timeZone, t.lang);
  const blocks: Block[] = [
    { type: 'heading', text: t.text('pulse.invite.title', { network: input.networkName }) },
    { type: 'section', text: t.rich('pulse.invite.intro', { network: input.networkName, closes, count: pulse.questionIds.length }) },
    { type: 'context', text: t.rich('pulse.invite.anonymity') },
    { type: 'actions', buttons: [{ actionId: ANONYMITY_ACTION, value: pulse.id, label: t.text('pulse.invite.anonymityButton') }] },
    { type: 'context', text: t.rich('pulse.invite.scale') },
  ];
  pulse.questionIds.forEach((questionId, index) => {
    const statement = questions.byId.get(questionId);
    if (!statement) return;
    const chosen = current?.scores[questionId];
    blocks.push(
      { type: 'section', text: [{ type: 'text', text: `${index + 1}. `, style: 'bold' }, ...t.rich(asPromptKey(statement.text))] },
      {
        type: 'actions',
        buttons: SCORES.map((score): Button => ({
          actionId: VOTE_ACTION,
          value: `${ballot}:${questionId}:${score}`,
          label: score === chosen ? `${score} ✓` : String(score),
          // Heard out of context (tabbing from button to button), a bare "3" says nothing.
          spoken: t.text(score === chosen ? 'pulse.invite.scoreSpokenChosen' : 'pulse.invite.scoreSpoken', { number: index + 1, score, meaning: t.text(SCORE_MEANINGS[score - 1]!) }),
          ...(score === chosen ? { style: 'primary' as const } : {}),
        })),
      },
    );
  });
  if (pulse.openQuestion) {
    blocks.push(
      { type: 'section', text: t.rich('pulse.invite.openQuestion', { question: t.text(asPromptKey(questions.open.text)) }) },
      { type: 'actions', buttons: [{ actionId: OPEN_ACTION, value: ballot, label: t.text(current?.open ? 'pulse.invite.openChange' : 'pulse.invite.openButton') }] },
    );
  }
  // Until when answers can be changed is said once, in the intro.
  const answered = current ? Object.keys(current.scores).length : 0;
  if (answered > 0) blocks.push({ type: 'context', text: t.rich('pulse.invite.progress', { answered, total: pulse.questionIds.length }) });
  if (answered > 0 || current?.open) {
    blocks.push({ type: 'actions', buttons: [{ actionId: WITHDRAW_ACTION, value: ballot, label: t.text('pulse.invite.withdrawButton') }] });
  }
  return { summary: t.text('pulse.invite.title', { network: input.networkName }), blocks };
}

/** Behind "Hoe anoniem is dit?": how the ballots work, what is shown when, and what it does not protect against. */
export function anonymityMessage(t: Translator, thresholds: Thresholds): Message {
  const vars = { minScores: Math.max(MIN_RESPONDENTS_FLOOR, thresholds.minRespondents), minOpen: Math.max(MIN_OPEN_ANSWERS_FLOOR, thresholds.minOpenAnswers) };
  return {
    summary: t.text('pulse.anonymity.title'),
    blocks: [
      { type: 'heading', text: t.text('pulse.anonymity.title') },
      { type: 'section', text: t.rich('pulse.anonymity.details', vars) },
    ],
  };
}

/**
 * The day-4 reminder goes to every invitee: the bot cannot tell who has answered (nothing links a
 * ballot to a person), so it carries no buttons and points to the invitation instead.
 */
export function reminderMessage(input: { t: Translator; networkName: string; timeZone: string; closesAt: Date }): Message {
  const { t } = input;
  const closes = formatDay(input.closesAt, input.timeZone, t.lang);
  return {
    summary: t.text('pulse.reminder.title', { network: input.networkName }),
    blocks: [
      { type: 'heading', text: t.text('pulse.reminder.title', { network: input.networkName }) },
      { type: 'section', text: t.rich('pulse.reminder.intro', { network: input.networkName, closes }) },
      { type: 'context', text: t.rich('pulse.reminder.why') },
    ],
  };
}

export interface ResultsInput {
  t: Translator;
  pulse: PulseRecord;
  result: PulseResult;
  /** Every closed result of the network up to and including this one, oldest first. */
  history: PulseResult[];
  networkName: string;
  timeZone: string;
  /** The network has been closed: there is no next pulse for small counts to join. */
  final?: boolean;
  questions: LoadedQuestionSet;
  knowledge: KnowledgeBase;
  thresholds: Thresholds;
}

/** The results: per statement the distribution as bars, mean, change, trend, and advice when low. */
export function resultsMessage(input: ResultsInput): Message {
  const { t, pulse, result } = input;
  const lang = t.lang;
  const title = t.text('pulse.results.title', { network: input.networkName });
  const rate = result.invited > 0 ? Math.round((result.respondents / result.invited) * 100) : 0;
  const minScores = Math.max(MIN_RESPONDENTS_FLOOR, input.thresholds.minRespondents);
  const pooledShown = pulse.questionIds.some((id) => result.questions[id]?.shown !== undefined) || result.open?.shown !== undefined;
  const summary = t.text('pulse.results.announce', { network: input.networkName, respondents: result.respondents, invited: result.invited });
  if (result.respondents === 0 && !pooledShown) return nobodyMessage(input, title, summary);
  const blocks: Block[] = [
    { type: 'heading', text: title },
    {
      type: 'section',
      text: t.rich('pulse.results.summary', {
        started: formatDay(pulse.startedAt, input.timeZone, lang),
        closed: formatDay(result.closedAt, input.timeZone, lang),
        respondents: result.respondents,
        invited: result.invited,
        rate,
      }),
    },
  ];
  if (result.respondents < minScores) {
    // Too few on its own, but scores pooled with earlier small pulses may reach the minimum: then say that, not
    // "te klein om scores te tonen" above scores.
    const key = pooledShown ? 'pulse.results.tooFewAlone' : input.final ? 'pulse.results.tooFewFinal' : 'pulse.results.tooFewOverall';
    blocks.push({ type: 'section', text: t.rich(key, { respondents: result.respondents, min: minScores }) });
  }
  const earlier = input.history.filter((r) => r.closedAt.getTime() < result.closedAt.getTime());
  // The line above already says no score is shown: the same "too few" under every statement would only repeat it.
  const statements = result.respondents < minScores && !pooledShown ? [] : pulse.questionIds;
  for (const questionId of statements) {
    const statement = input.questions.byId.get(questionId);
    const part = result.questions[questionId];
    if (!statement || !part) continue;
    blocks.push({ type: 'divider' }, { type: 'section', text: [{ type: 'text', text: t.text(asPromptKey(statement.label)), style: 'bold' }] });
    if (!part.shown) {
      const carried = result.carryAfter.questions[questionId];
      const key = waitingKey(countOf(part.own), carried ? countOf(carried.tally) : 0, input.final, {
        none: 'pulse.results.noAnswers',
        onlyEarlier: 'pulse.results.onlyCarried',
        final: 'pulse.results.tooFewToShow',
        forward: 'pulse.results.pooledForward',
        forwardWithEarlier: 'pulse.results.pooledForwardWithEarlier',
      });
      blocks.push({ type: 'context', text: t.rich(key, waitingVars(countOf(part.own), carried ? countOf(carried.tally) : 0, input.final, minScores)) });
      continue;
    }
    const total = countOf(part.shown);
    blocks.push({
      type: 'list',
      items: [...SCORES].reverse().map((score): RichText => {
        const n = part.shown![score - 1] ?? 0;
        const filled = total > 0 ? Math.round((n / total) * BAR_WIDTH) : 0;
        return [{ type: 'text', text: `${score} ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`, style: 'code' }, { type: 'text', text: ` ${n}` }];
      }),
    });
    const mean = meanOf(part.shown)!;
    const previous = lastShownMean(earlier, questionId);
    const means = [...earlier.flatMap((r) => shownMean(r, questionId)), mean].slice(-TREND_LENGTH);
    // Words, not signs and arrows: a screen reader reads "→" and "−" by their names.
    const trend = means.map((m) => formatNumber(m, lang)).join('; ');
    const stats = { mean: formatNumber(mean, lang), answers: total };
    blocks.push({
      type: 'context',
      text:
        previous === undefined
          ? t.rich('pulse.results.statsFirst', stats)
          : t.rich('pulse.results.stats', { ...stats, change: changeInWords(t, mean, previous), trend }),
    });
    if (part.pooledFrom.length > 0) blocks.push({ type: 'context', text: t.rich('pulse.results.pooledIn', { pulses: part.pooledFrom.length }) });
    // A drop says more than a low level (it is news since last time), so it is named first.
    const reason = previous !== undefined && previous - mean > DROP_LIMIT ? 'drop' : mean < LOW_MEAN ? 'low' : undefined;
    if (reason) {
      const entry = input.knowledge.byId.get(statement.advice[0]!);
      const why = t.text(asPromptKey(statement.why), { importance: formatNumber(input.questions.importance.get(questionId) ?? 0, lang) });
      blocks.push({
        type: 'context',
        text: t.rich(reason === 'low' ? 'pulse.results.adviceLow' : 'pulse.results.adviceDrop', { why, drop: formatNumber(Math.abs(mean - (previous ?? mean)), lang) }),
      });
      if (entry) {
        blocks.push({ type: 'actions', buttons: [{ actionId: ADVICE_ACTION, value: entry.id, label: t.text('pulse.results.adviceButton', { title: entry[lang].title }) }] });
      }
    }
  }
  if (result.open) {
    blocks.push({ type: 'divider' }, { type: 'section', text: [{ type: 'text', text: t.text(asPromptKey(input.questions.open.text)), style: 'bold' }] });
    const minOpen = Math.max(MIN_OPEN_ANSWERS_FLOOR, input.thresholds.minOpenAnswers);
    if (result.open.shown) {
      blocks.push({ type: 'list', items: result.open.shown.map((answer): RichText => [{ type: 'text', text: answer }]) });
      if (result.open.pooledFrom.length > 0) blocks.push({ type: 'context', text: t.rich('pulse.results.pooledIn', { pulses: result.open.pooledFrom.length }) });
    } else {
      const waiting = result.carryAfter.open.answers.length;
      const openKey = waitingKey(result.open.ownCount, waiting, input.final, {
        none: 'pulse.results.openNone',
        onlyEarlier: 'pulse.results.openOnlyCarried',
        final: 'pulse.results.openTooFew',
        forward: 'pulse.results.openPooledForward',
        forwardWithEarlier: 'pulse.results.openPooledForwardWithEarlier',
      });
      blocks.push({ type: 'context', text: t.rich(openKey, waitingVars(result.open.ownCount, waiting, input.final, minOpen)) });
    }
  }
  blocks.push({ type: 'divider' }, { type: 'context', text: t.rich('pulse.results.footer') });
  // The lock screen shows only the summary: how many took part is the news, not the title alone.
  return { summary, blocks };
}

/**
 * Nobody answered: one short message, not "Niemand beantwoordde…" under every statement. Answers
 * of earlier small pulses still waiting stay waiting (and the leads hear so), unless the network
 * has closed and no next pulse will come.
 */
function nobodyMessage(input: ResultsInput, title: string, summary: string): Message {
  const { t, pulse, result } = input;
  const carry = result.carryAfter;
  const waiting = Object.keys(carry.questions).length > 0 || carry.open.answers.length > 0;
  const vars = { started: formatDay(pulse.startedAt, input.timeZone, t.lang), closed: formatDay(result.closedAt, input.timeZone, t.lang), invited: result.invited };
  return {
    summary,
    blocks: [
      { type: 'heading', text: title },
      { type: 'section', text: t.rich('pulse.results.nobody', vars) },
      ...(waiting && !input.final ? [{ type: 'context' as const, text: t.rich('pulse.results.nobodyCarried') }] : []),
    ],
  };
}

/**
 * What a statement (or the open question) below its threshold says: nothing at all, only earlier
 * answers still waiting, or this pulse's answers waiting (with the earlier ones). The counts of
 * earlier answers were shown in the results they came from, so their sum tells nothing new.
 */
function waitingKey<K extends string>(own: number, waiting: number, final: boolean | undefined, keys: Record<'none' | 'onlyEarlier' | 'final' | 'forward' | 'forwardWithEarlier', K>): K {
  if (own === 0 && waiting === 0) return keys.none;
  if (final) return keys.final;
  if (own === 0) return keys.onlyEarlier;
  return waiting > own ? keys.forwardWithEarlier : keys.forward;
}

/** In a closed network's last result, "too few to show" counts everything that was compared with the minimum. */
function waitingVars(own: number, waiting: number, final: boolean | undefined, min: number): { answers: number; waiting: number; min: number } {
  return { answers: final ? Math.max(own, waiting) : own, waiting, min };
}

function shownMean(result: PulseResult, questionId: string): number[] {
  const shown = result.questions[questionId]?.shown;
  const mean = shown ? meanOf(shown) : undefined;
  return mean === undefined ? [] : [mean];
}

function lastShownMean(results: PulseResult[], questionId: string): number | undefined {
  return results.flatMap((r) => shownMean(r, questionId)).at(-1);
}

/** "0,4 hoger dan de vorige keer (3,4)": the change as it is heard, with the mean it is compared with. */
function changeInWords(t: Translator, mean: number, previous: number): string {
  const change = Math.round((mean - previous) * 10) / 10;
  const vars = { change: formatNumber(Math.abs(change), t.lang), previous: formatNumber(previous, t.lang) };
  return t.text(change > 0 ? 'pulse.results.higher' : change < 0 ? 'pulse.results.lower' : 'pulse.results.same', vars);
}
