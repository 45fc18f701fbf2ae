// People in a console chat: created on first use by name, identified by a lower-case slug.
import { cleanOneLine } from '../../src/core/sanitize.ts';

export interface ConsoleUser {
  userId: string;
  displayName: string;
}

/** The display name the bot stored for a console user id, if it met them (in an earlier run). */
export type StoredName = (userId: string) => Promise<string | undefined>;

/**
 * Words after `@` that address a whole group on chat platforms. They never name a console
 * person, so `/liso rol deelnemer @everyone` cannot give a role to someone called "everyone".
 */
const GROUP_MENTIONS = new Set(['everyone', 'here', 'channel', 'iedereen', 'allen', 'kanaal']);

export function isGroupMention(name: string): boolean {
  return GROUP_MENTIONS.has(name.trim().toLowerCase());
}

/** `@liso-bot`, `@lisobot` or `@liso`: the bot itself, as a channel message addresses it; never a console person. */
const BOT_NAME = /^liso(?:-?bot)?$/i;
export const CONSOLE_BOT = { userId: 'liso-bot', displayName: 'liso-bot' } as const;

export function isBotName(name: string): boolean {
  return BOT_NAME.test(name.trim());
}

export class ConsoleUsers {
  private readonly users = new Map<string, ConsoleUser>();

  constructor(private readonly storedName: StoredName = async () => undefined) {}

  /**
   * The user with this name, created when new. Names are one or more words. A person the bot
   * already knows from an earlier run keeps the name as first written, whatever case is typed now.
   */
  async ensure(name: string): Promise<ConsoleUser> {
    // Cleaned as every platform's display names are: a terminal escape or NUL in a name would reach the screen.
    const typed = cleanOneLine(name, 60) || 'anoniem';
    const userId = slug(typed);
    let user = this.users.get(userId);
    if (!user) this.users.set(userId, (user = { userId, displayName: (await this.storedName(userId)) ?? typed }));
    return user;
  }

  get(userId: string): ConsoleUser | undefined {
    return this.users.get(userId);
  }

  /** The name to show for a user id: this run's, else the stored one, else the id. */
  async nameOf(userId: string): Promise<string> {
    return this.users.get(userId)?.displayName ?? (await this.storedName(userId)) ?? userId;
  }

  all(): ConsoleUser[] {
    return [...this.users.values()];
  }
}

export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'anoniem';
}
