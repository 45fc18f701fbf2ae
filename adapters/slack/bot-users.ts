// Which mentioned Slack users are bots or apps: the bot itself by its id, others by users.info.
import type { MentionedUser } from '../../src/core/events.ts';
import type { Logger } from '../../src/core/logger.ts';
import { MAX_NAME_READ } from './event-translation.ts';
import type { SlackWebClient } from './slack-adapter.ts';

// Slackbot answers users.info with is_bot false, yet is no person.
const SLACKBOT = 'USLACKBOT';
// Whether an account is a bot does not change; a bounded memory spares users.info on every command.
const MAX_REMEMBERED = 5_000;

interface Account {
  isBot: boolean;
  /** The name Slack shows, for a mention that came without one (typed in a message: `<@U123>`). */
  name?: string;
}

export class SlackBotUsers {
  private readonly known = new Map<string, Account>();

  constructor(
    private readonly client: SlackWebClient,
    private readonly botUserId: string,
    private readonly log: Logger,
  ) {}

  /** The mentions with `isBot` set for the bots and apps among them (named, when the mention had no name). */
  async mark(mentions: readonly MentionedUser[]): Promise<MentionedUser[]> {
    return Promise.all(
      mentions.map(async (m): Promise<MentionedUser> => {
        const account = await this.account(m.userId);
        if (!account.isBot) return m;
        return { ...m, isBot: true, ...(m.displayName === m.userId && account.name ? { displayName: account.name } : {}) };
      }),
    );
  }

  private async account(userId: string): Promise<Account> {
    const known = userId === this.botUserId || userId === SLACKBOT;
    const remembered = this.known.get(userId);
    if (remembered !== undefined) return remembered;
    try {
      // Also for the bot itself, whose id says it is a bot: the lookup gives the name to refuse it by.
      const { user } = await this.client.users.info({ user: userId });
      const name = user?.profile?.display_name || user?.real_name || user?.name;
      const account: Account = { isBot: known || user?.is_bot === true, ...(name ? { name: name.slice(0, MAX_NAME_READ) } : {}) };
      if (this.known.size >= MAX_REMEMBERED) this.known.clear();
      this.known.set(userId, account);
      return account;
    } catch (error) {
      // Without the users:read scope (an app installed before it was added) or with Slack unreachable, a
      // mention other than the bot's own is taken for a person, as before this check: a command is never
      // refused for a failed lookup.
      this.log.warn({ err: error, user: userId }, 'could not tell whether a mentioned user is a bot');
      return { isBot: known };
    }
  }
}
