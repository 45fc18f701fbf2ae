// What the bot remembers of a conversation: the options its latest answer offered, and whether
// it has introduced itself to a person. Both live in the store, so every replica sees them.
import type { Offer } from './feature.ts';
import type { Message } from './message.ts';
import type { Store } from '../store/port.ts';

/** Long enough to read an answer and type "meer tips"; after that a number means nothing. */
export const OFFERS_TTL_MS = 60 * 60 * 1000;
// A menu has a few dozen options at most; more is never typed as a number.
const MAX_OFFERS = 50;

export const conversationKeys = {
  offers: (platform: string, userId: string) => `conversation:offers:${platform}:${userId}`,
  greeted: (platform: string, userId: string) => `conversation:greeted:${platform}:${userId}`,
};

interface StoredOffers {
  conversationId: string;
  offers: Offer[];
}

/** The buttons and menu options of a message, in the order they are shown. */
export function offersOf(message: Message): Offer[] {
  const offers: Offer[] = [];
  for (const block of message.blocks) {
    if (block.type === 'actions') {
      for (const button of block.buttons) offers.push({ actionId: button.actionId, value: button.value, label: button.label });
    } else if (block.type === 'choices') {
      for (const option of block.choice.options) offers.push({ actionId: block.choice.actionId, value: option.value, label: option.label });
    }
  }
  return offers.slice(0, MAX_OFFERS);
}

export class ConversationMemory {
  constructor(private readonly store: Store) {}

  /** The offers of the latest answer to this person, if it was in this conversation. */
  async offers(platform: string, userId: string, conversationId: string): Promise<Offer[]> {
    const stored = await this.store.get<StoredOffers>(conversationKeys.offers(platform, userId));
    return stored && stored.conversationId === conversationId ? stored.offers : [];
  }

  /**
   * Remembers what an answer offered that a person may choose by typing (`kept`). An answer
   * without such options (more tips, a confirmation) leaves the earlier offers in place, so "2"
   * still picks from the list the person saw last.
   */
  async remember(platform: string, userId: string, conversationId: string, message: Message, kept: (actionId: string) => boolean): Promise<void> {
    const offers = offersOf(message).filter((offer) => kept(offer.actionId));
    if (offers.length === 0) return;
    await this.store.set<StoredOffers>(conversationKeys.offers(platform, userId), { conversationId, offers }, OFFERS_TTL_MS);
  }

  /** True exactly once per person (across replicas): the moment to introduce the bot. */
  firstMeeting(platform: string, userId: string): Promise<boolean> {
    return this.store.claim(conversationKeys.greeted(platform, userId), true);
  }

  /** Whether the bot introduced itself to the person, and whether it holds offers for them. */
  async about(platform: string, userId: string): Promise<{ introduced: boolean; offers: boolean }> {
    const [greeted, offers] = await this.store.getMany([conversationKeys.greeted(platform, userId), conversationKeys.offers(platform, userId)]);
    return { introduced: greeted !== undefined, offers: offers !== undefined };
  }

  /** Erases what is remembered about a person (`/liso vergeet-mij`). */
  async forget(platform: string, userId: string): Promise<void> {
    await this.store.delete(conversationKeys.offers(platform, userId));
    await this.store.delete(conversationKeys.greeted(platform, userId));
  }
}
