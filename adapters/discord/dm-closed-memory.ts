// Remembers people whose direct messages are closed, so nudges do not knock on a shut door.
import type { Clock } from '../../src/core/clock.ts';
import type { Store } from '../../src/store/port.ts';
import { discordKeys } from './discord-keys.ts';

/** Long enough not to try again for every nudge of a quarter; short enough to notice a change of mind. */
export const DM_CLOSED_TTL_MS = 30 * 24 * 3_600_000;

export class DmClosedMemory {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ttlMs = DM_CLOSED_TTL_MS,
  ) {}

  async isClosed(userId: string): Promise<boolean> {
    return (await this.store.get(discordKeys.dmClosed(userId))) !== undefined;
  }

  async remember(userId: string): Promise<void> {
    await this.store.set(discordKeys.dmClosed(userId), { since: this.clock.now() }, this.ttlMs);
  }

  /** The person talked to the bot in a direct conversation: their DMs are open again. */
  async forget(userId: string): Promise<void> {
    await this.store.delete(discordKeys.dmClosed(userId));
  }
}
