// People the bot has met: display name and language preference.
import type { Store } from '../store/port.ts';
import type { Clock } from '../core/clock.ts';
import type { Actor } from '../core/events.ts';
import { monthStart } from '../core/coarse-time.ts';
import { cleanDisplayName } from '../core/event-names.ts';
import { keys } from './keys.ts';
import type { Person } from './types.ts';

export class People {
  /**
   * `timeZone` is the calendar a person is seen in: first and last seen are kept as the start of a
   * month, not the day or the moment, so no stored time of a person matches what is stored without a
   * name (a question kept anonymously or passed on) finer than everyone seen that month does
   * (src/core/coarse-time.ts). Their only use is showing the person what is kept (mijn-gegevens).
   */
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly timeZone = 'UTC',
  ) {}

  async get(platform: string, userId: string): Promise<Person | undefined> {
    return this.store.get<Person>(keys.person(platform, userId));
  }

  /** Records that a person acted, creating or refreshing their record; an empty name keeps the known one. */
  async touch(platform: string, actor: Actor): Promise<Person> {
    const month = this.month();
    const known = await this.get(platform, actor.userId);
    const displayName = cleanDisplayName(actor.displayName) || known?.displayName || actor.userId;
    // Written at most once a month (and when the name changes): writes stay off the hot path.
    if (known && known.displayName === displayName && known.lastSeen.getTime() === month.getTime()) return known;
    const person: Person = known
      ? { ...known, displayName, lastSeen: month }
      : { platform, userId: actor.userId, displayName, firstSeen: month, lastSeen: month };
    await this.store.set(keys.person(platform, actor.userId), person);
    return person;
  }

  /**
   * Remembers the display name of someone named in a command who has not acted yet, so the bot
   * can show their name; an existing record is left as it is.
   */
  async remember(platform: string, user: Actor): Promise<void> {
    if (await this.get(platform, user.userId)) return;
    const month = this.month();
    const displayName = cleanDisplayName(user.displayName) || user.userId;
    await this.store.set(keys.person(platform, user.userId), { platform, userId: user.userId, displayName, firstSeen: month, lastSeen: month });
  }

  async setLang(platform: string, userId: string, lang: 'nl' | 'en'): Promise<void> {
    const person = await this.get(platform, userId);
    if (person) await this.store.set(keys.person(platform, userId), { ...person, lang });
  }

  /** Erases a person's record (`/liso vergeet-mij`); true when there was one. */
  async forget(platform: string, userId: string): Promise<boolean> {
    return this.store.delete(keys.person(platform, userId));
  }

  private month(): Date {
    return monthStart(this.clock.now(), this.timeZone);
  }

  /** The display name to show, falling back to the id when the person is unknown. */
  async displayName(platform: string, userId: string): Promise<string> {
    return (await this.get(platform, userId))?.displayName ?? userId;
  }
}
