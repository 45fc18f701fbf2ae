// Texts of reached milestones: the channel celebration and the one-line label in documents.
import type { PromptKey, Translator } from '../../core/i18n.ts';
import type { Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinAsList, joinRich, mention, toPlainString } from '../../core/rich-text.ts';
import type { MilestoneRecord } from './win-types.ts';
import type { ShownNames } from './win-text.ts';

export interface MilestoneContext {
  networkName: string;
  /** The session's moment in the reader's language, for milestones about a session. */
  sessionMoment?: string;
  /** People to thank (already filtered to those who may be named). */
  thanked: ShownNames;
}

export function milestoneHeadline(record: MilestoneRecord, context: MilestoneContext, t: Translator): RichText {
  const vars = { network: context.networkName, count: record.count ?? 0, when: context.sessionMoment ?? '' };
  switch (record.kind) {
    case 'sessions':
      return t.rich(`wins.milestone.sessions${record.count ?? 1}` as PromptKey, vars);
    case 'year':
      return t.rich('wins.milestone.year', vars);
    case 'preparation':
      return t.rich('wins.milestone.preparation', vars);
    case 'pulse':
      return t.rich('wins.milestone.pulse', vars);
  }
}

export function milestoneMessage(record: MilestoneRecord, context: MilestoneContext, t: Translator): Message {
  const headline = milestoneHeadline(record, context, t);
  const thanked = [...context.thanked].map(([id, name]): RichText => [mention(id, name)]);
  const footer: RichText[] = [];
  if (thanked.length > 0) footer.push(t.rich('wins.celebration.thanks', { people: joinAsList(thanked, t.text('list.and')) }));
  footer.push(t.rich('wins.milestone.footer'));
  return {
    summary: toPlainString(headline),
    blocks: [
      { type: 'section', text: headline },
      { type: 'context', text: joinRich(footer, ' · ') },
    ],
  };
}

/** A short past-tense line for the journey document and the export. */
export function milestoneLabel(record: MilestoneRecord, sessionMoment: string | undefined, t: Translator): RichText {
  const vars = { count: record.count ?? 0, when: sessionMoment ?? '' };
  switch (record.kind) {
    case 'sessions':
      return t.rich(record.count === 1 ? 'wins.milestoneLabel.firstSession' : 'wins.milestoneLabel.sessions', vars);
    case 'year':
      return t.rich('wins.milestoneLabel.year', vars);
    case 'preparation':
      return t.rich('wins.milestoneLabel.preparation', vars);
    case 'pulse':
      return t.rich('wins.milestoneLabel.pulse', vars);
  }
}
