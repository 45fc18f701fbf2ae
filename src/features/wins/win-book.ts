// Stores wins, cheers, opt-outs and milestones through the Store port.
import type { Store, StoreWrite } from '../../store/port.ts';
import { clearSet } from '../../store/clear.ts';
import { winsDeliveryKeys, winsKeys } from './wins-keys.ts';
import type { MilestoneRecord, WinPart, WinRecord } from './win-types.ts';

export class WinBook {
  constructor(private readonly store: Store) {}

  /**
   * Stores a new win and indexes it, with the writes that owe its celebration. Returns false when this win id was recorded before (a
   * replayed event, or another replica handling the same one): the caller then does nothing.
   * One commit: a win names people, and a stop must not leave it without the lists through
   * which a network's deletion and each person's erasure find it.
   */
  async record(win: WinRecord, celebration: readonly StoreWrite[] = []): Promise<boolean> {
    const claim = winsKeys.winClaim(win.id);
    return this.store.commit(
      [
        { op: 'set', key: claim, value: win.createdAt.toISOString() },
        { op: 'set', key: winsKeys.win(win.id), value: win },
        { op: 'setAdd', key: winsKeys.networkWins(win.networkId), members: [win.id] },
        ...involvedPeople(win).map((userId): StoreWrite => ({ op: 'setAdd', key: winsKeys.personWins(win.platform, userId), members: [win.id] })),
        // Its celebration owed and the variant used, so a stop never leaves a win nobody was shown.
        { op: 'set', key: winsKeys.lastVariant(win.networkId), value: win.variant },
        ...celebration,
      ],
      { ifAbsent: claim },
    );
  }

  async get(winId: string): Promise<WinRecord | undefined> {
    return this.store.get<WinRecord>(winsKeys.win(winId));
  }

  async save(win: WinRecord): Promise<void> {
    await this.store.set(winsKeys.win(win.id), win);
  }

  /** Every win of a network, oldest first. */
  async ofNetwork(networkId: string): Promise<WinRecord[]> {
    return this.many(await this.store.setMembers(winsKeys.networkWins(networkId)));
  }

  /** Wins a person authored, is named in or cheered, oldest first. */
  async ofPerson(platform: string, userId: string): Promise<WinRecord[]> {
    return this.many(await this.store.setMembers(winsKeys.personWins(platform, userId)));
  }

  /** The last celebration text used in a network, if any. */
  async lastVariant(networkId: string): Promise<number | undefined> {
    return this.store.get<number>(winsKeys.lastVariant(networkId));
  }

  /**
   * Counts a person's "Mooi!" once; false when they had already pressed it. The win joins their
   * list in the same commit: their erasure finds the cheer (its claim is keyed by their id) only there.
   */
  async cheer(win: WinRecord, userId: string): Promise<boolean> {
    const claim = winsKeys.cheerClaim(win.id, userId);
    return this.store.commit(
      [
        { op: 'set', key: claim, value: 1 },
        { op: 'setAdd', key: winsKeys.cheers(win.id), members: [userId] },
        { op: 'setAdd', key: winsKeys.personWins(win.platform, userId), members: [win.id] },
      ],
      { ifAbsent: claim },
    );
  }

  async cheerers(winId: string): Promise<string[]> {
    return this.store.setMembers(winsKeys.cheers(winId));
  }

  async isOptedOut(platform: string, userId: string): Promise<boolean> {
    return (await this.store.get<boolean>(winsKeys.optOut(platform, userId))) === true;
  }

  /** The subset of `userIds` who opted out of being named. */
  async optedOut(platform: string, userIds: readonly string[]): Promise<Set<string>> {
    const unique = [...new Set(userIds)];
    const flags = await this.store.getMany<boolean>(unique.map((id) => winsKeys.optOut(platform, id)));
    return new Set(unique.filter((_, i) => flags[i] === true));
  }

  async setOptOut(platform: string, userId: string, optedOut: boolean): Promise<void> {
    if (optedOut) await this.store.set(winsKeys.optOut(platform, userId), true);
    else await this.store.delete(winsKeys.optOut(platform, userId));
  }

  /** Reached milestones of a network, in the order reached. */
  async milestones(networkId: string): Promise<MilestoneRecord[]> {
    const ids = await this.store.setMembers(winsKeys.networkMilestones(networkId));
    const records = await this.store.getMany<MilestoneRecord>(ids.map((id) => winsKeys.milestone(networkId, id)));
    return records
      .filter((r): r is MilestoneRecord => r !== undefined)
      .sort((a, b) => a.reachedAt.getTime() - b.reachedAt.getTime() || a.id.localeCompare(b.id));
  }

  async hasMilestone(networkId: string, milestoneId: string): Promise<boolean> {
    return (await this.store.get<MilestoneRecord>(winsKeys.milestone(networkId, milestoneId))) !== undefined;
  }

  /** Idempotent: the record is derived from stored state, so every replica writes the same value. */
  async saveMilestone(networkId: string, record: MilestoneRecord): Promise<void> {
    await this.store.set(winsKeys.milestone(networkId, record.id), record);
    await this.store.setAdd(winsKeys.networkMilestones(networkId), [record.id]);
  }

  /**
   * Erases a person from the feature: their opt-out flag, their cheers and their name in every
   * win. Wins they authored stay as the network's history, without author; a place in the text
   * where they were named reads "someone".
   */
  async forget(platform: string, userId: string): Promise<void> {
    const wins = await this.ofPerson(platform, userId);
    for (const win of wins) {
      const { authorId, ...rest } = win;
      const updated: WinRecord = {
        ...rest,
        ...(authorId !== undefined && authorId !== userId ? { authorId } : {}),
        credited: win.credited.filter((id) => id !== userId),
        parts: win.parts.map((part): WinPart => (part.kind === 'person' && part.userId === userId ? { kind: 'someone' } : part)),
      };
      await this.save(updated);
      await this.store.setRemove(winsKeys.cheers(win.id), [userId]);
      await this.store.delete(winsKeys.cheerClaim(win.id, userId));
    }
    // Sets are removed member by member: the Store's delete is for plain values.
    await this.store.setRemove(winsKeys.personWins(platform, userId), await this.store.setMembers(winsKeys.personWins(platform, userId)));
    await this.store.delete(winsKeys.optOut(platform, userId));
  }

  /**
   * Erases a deleted network's wins (with their cheers and claims, and their place in people's
   * lists) and milestones. Each win goes before the index that names it, so a rerun finds the rest.
   */
  async forgetNetwork(networkId: string): Promise<void> {
    for (const winId of await this.store.setMembers(winsKeys.networkWins(networkId))) {
      const win = await this.get(winId);
      const cheerers = await this.cheerers(winId);
      if (win) {
        for (const userId of new Set([...involvedPeople(win), ...cheerers])) await this.store.setRemove(winsKeys.personWins(win.platform, userId), [winId]);
      }
      for (const userId of cheerers) await this.store.delete(winsKeys.cheerClaim(winId, userId));
      await clearSet(this.store, winsKeys.cheers(winId));
      await this.store.delete(winsKeys.win(winId));
      await this.store.delete(winsKeys.winClaim(winId));
      await this.store.setRemove(winsKeys.networkWins(networkId), [winId]);
    }
    for (const milestoneId of await this.store.setMembers(winsKeys.networkMilestones(networkId))) {
      await this.store.delete(winsKeys.milestone(networkId, milestoneId));
      await this.store.setRemove(winsKeys.networkMilestones(networkId), [milestoneId]);
    }
    await this.store.delete(winsKeys.lastVariant(networkId));
  }

  /** The Delivery keys of a network's celebrations (wins and milestones). */
  async deliveryKeysOf(networkId: string): Promise<string[]> {
    const [wins, milestones] = await this.store.setMembersMany([winsKeys.networkWins(networkId), winsKeys.networkMilestones(networkId)]);
    return [...wins!.map(winsDeliveryKeys.celebration), ...milestones!.map((id) => winsDeliveryKeys.milestone(networkId, id))];
  }

  private async many(ids: string[]): Promise<WinRecord[]> {
    const wins = await this.store.getMany<WinRecord>(ids.map(winsKeys.win));
    return wins
      .filter((w): w is WinRecord => w !== undefined)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }
}

function involvedPeople(win: WinRecord): string[] {
  return [...new Set([...(win.authorId ? [win.authorId] : []), ...win.credited])];
}
