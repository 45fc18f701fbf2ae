// Follow-ups in a conversation with the bot ("meer tips", "andere", a number that picks one of
// the topics offered), and a pointer to `/liso start` for someone who asks without a network.
import { ConversationMemory } from '../../core/conversation-memory.ts';
import { followUpOf } from '../../core/conversation-words.ts';
import type { Feature, MessageContext, Offer } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Message } from '../../core/message.ts';
import { plain } from '../../core/rich-text.ts';
import { textMessage } from '../../core/standard-messages.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { Store } from '../../store/port.ts';
import { adviceActions } from '../advice/advice-messages.ts';

// Once a day is a pointer; with every question it would be nagging.
const START_HINT_MS = 24 * 60 * 60 * 1000;
// More topics than fit a row of buttons are offered as a menu.
const MAX_TOPIC_BUTTONS = 5;

const startHintKey = (platform: string, userId: string) => `conversation:start-hint:${platform}:${userId}`;

export interface ConversationFeatureDeps {
  store: Store;
  directory: NetworkDirectory;
}

export function createConversationFeature(deps: ConversationFeatureDeps): Feature {
  const memory = new ConversationMemory(deps.store);
  return {
    name: 'conversation',
    // A handbook topic and "more tips" are the buttons a follow-up can choose by typing.
    typedChoices: [adviceActions.topic, adviceActions.more],
    async onMessage(ctx) {
      const followUp = followUpOf(ctx.text);
      if (followUp) {
        await answerFollowUp(ctx, followUp);
        return true;
      }
      if (ctx.conversation.kind !== 'direct' || (await hasNetwork(ctx, deps.directory))) return false;
      const answered = await ctx.ask(ctx.text);
      if (answered && (await deps.store.claim(startHintKey(ctx.platform, ctx.actor.userId), true, START_HINT_MS))) {
        await ctx.reply(textMessage(ctx.t, 'conversation.noNetwork'));
      }
      return answered;
    },
    async personalData(person, t) {
      const known = await memory.about(person.platform, person.userId);
      const lines = [
        ...(known.introduced ? [t.text('conversation.privacy.introduced')] : []),
        ...(known.offers ? [t.text('conversation.privacy.offers')] : []),
      ];
      return lines.length > 0 ? [{ title: t.text('conversation.privacy.title'), lines }] : [];
    },
    async forgetPerson(person) {
      await memory.forget(person.platform, person.userId);
      await deps.store.delete(startHintKey(person.platform, person.userId));
    },
  };
}

async function answerFollowUp(ctx: MessageContext, followUp: NonNullable<ReturnType<typeof followUpOf>>): Promise<void> {
  const topics = ctx.offers.filter((offer) => offer.actionId === adviceActions.topic);
  switch (followUp.kind) {
    case 'more': {
      const more = ctx.offers.find((offer) => offer.actionId === adviceActions.more);
      if (more) await ctx.press(more);
      else await ctx.reply(textMessage(ctx.t, ctx.offers.length > 0 ? 'conversation.followUp.noMore' : 'conversation.followUp.nothing'));
      return;
    }
    case 'other':
      await ctx.reply(topics.length > 0 ? topicList(ctx.t, topics) : textMessage(ctx.t, 'conversation.followUp.noOther'));
      return;
    case 'number': {
      const topic = topics[followUp.n - 1];
      if (topic) await ctx.press(topic);
      else if (topics.length > 0) await ctx.reply(textMessage(ctx.t, 'conversation.followUp.badNumber', { max: topics.length }));
      else await ctx.reply(textMessage(ctx.t, 'conversation.followUp.numberWithoutList'));
    }
  }
}

/**
 * The topics offered last, to choose again by number or press: up to five as numbered lines with the same buttons
 * (a number and a press agree); more as one menu, numbered by its order, so the list is never shown twice.
 */
function topicList(t: Translator, topics: readonly Offer[]): Message {
  const heading = { type: 'heading', text: t.text('conversation.followUp.otherTitle') } as const;
  if (topics.length > MAX_TOPIC_BUTTONS) {
    return {
      summary: t.text('conversation.followUp.otherTitle'),
      blocks: [
        heading,
        { type: 'section', text: t.rich('conversation.followUp.otherIntroMenu') },
        { type: 'choices', choice: { actionId: adviceActions.topic, placeholder: t.text('conversation.followUp.otherTitle'), options: topics.map((topic) => ({ label: topic.label, value: topic.value })) } },
      ],
    };
  }
  return {
    summary: t.text('conversation.followUp.otherTitle'),
    blocks: [
      heading,
      { type: 'section', text: t.rich('conversation.followUp.otherIntro') },
      { type: 'list', ordered: true, items: topics.map((topic) => plain(topic.label)) },
      { type: 'actions', buttons: topics.map((topic) => ({ actionId: topic.actionId, value: topic.value, label: topic.label })) },
    ],
  };
}

async function hasNetwork(ctx: MessageContext, directory: NetworkDirectory): Promise<boolean> {
  return (await directory.ofPerson(ctx.platform, ctx.actor.userId)).some((network) => network.platform === ctx.platform);
}
