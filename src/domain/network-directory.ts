// Networks, their channel binding and their role assignments, kept in the Store.
import { randomUUID } from 'node:crypto';
import type { Store, StoreWrite } from '../store/port.ts';
import { clearSet } from '../store/clear.ts';
import type { Clock } from '../core/clock.ts';
import type { DomainEvent, DomainEvents } from '../core/domain-events.ts';
import { keys } from './keys.ts';
import type { RoleName } from './roles.ts';
import { leadRoles, roleNames } from './roles.ts';
import type { Network, RoleAssignment } from './types.ts';

/** More writes for a change's commit, made from the network as the change leaves it (the channel's post of the change). */
export type NetworkWrites = (network: Network) => StoreWrite[];

export class NetworkDirectory {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events?: DomainEvents,
  ) {}

  /**
   * Creates a network bound to a channel and makes its creator trekker. Returns undefined when
   * the channel already has a network (the binding is claimed atomically, so two simultaneous
   * starts in one channel create one network).
   */
  async create(input: { name: string; platform: string; channelId: string; timeZone: string; createdBy: string; lang?: NonNullable<Network['lang']> }, alsoWrite?: NetworkWrites): Promise<Network | undefined> {
    const network: Network = { id: randomUUID().slice(0, 8), createdAt: this.clock.now(), ...input };
    const binding = keys.channelBinding(input.platform, input.channelId);
    const event = this.roleAssigned(network);
    // One commit: a binding claimed before a stop, without its network, kept the channel from ever having one.
    const writes: StoreWrite[] = [
      { op: 'set', key: binding, value: network.id },
      { op: 'set', key: keys.network(network.id), value: network },
      { op: 'setAdd', key: keys.allNetworks(), members: [network.id] },
      ...this.assignWrites(network, 'trekker', input.createdBy),
      ...(this.events?.pendingWrites(event) ?? []),
      ...(alsoWrite?.(network) ?? []),
    ];
    if (!(await this.store.commit(writes, { ifAbsent: binding }))) return undefined;
    await this.events?.dispatch(event);
    return network;
  }

  async get(networkId: string): Promise<Network | undefined> {
    return this.store.get<Network>(keys.network(networkId));
  }

  /** Networks in the order of `networkIds`, undefined where unknown. */
  async getMany(networkIds: readonly string[]): Promise<Array<Network | undefined>> {
    return this.store.getMany<Network>(networkIds.map(keys.network));
  }

  async byChannel(platform: string, channelId: string): Promise<Network | undefined> {
    const id = await this.store.get<string>(keys.channelBinding(platform, channelId));
    return id === undefined ? undefined : this.get(id);
  }

  async all(): Promise<Network[]> {
    const ids = await this.store.setMembers(keys.allNetworks());
    const networks = await this.store.getMany<Network>(ids.map(keys.network));
    return networks.filter((n): n is Network => n !== undefined);
  }

  /** Networks a person holds any role in, by name. */
  async ofPerson(platform: string, userId: string): Promise<Network[]> {
    const ids = await this.store.setMembers(keys.personNetworks(platform, userId));
    const networks = await this.store.getMany<Network>(ids.map(keys.network));
    return networks.filter((n): n is Network => n !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Gives a role to each of `userIds`. The roles, the people's index of networks, the role's event
   * and `alsoWrite` (the channel's post of it) are one commit: a role the index does not list would
   * escape the person's erasure, and a stop right after still leaves the nudges feature to hand the
   * role's due work to the new holders and the post owed.
   */
  async assign(network: Network, role: RoleName, userIds: string | readonly string[], alsoWrite?: NetworkWrites): Promise<void> {
    const event = this.roleAssigned(network);
    const writes: StoreWrite[] = [
      ...[userIds].flat().flatMap((userId) => this.assignWrites(network, role, userId)),
      // The channel's members are looked at again within minutes (member-reconcile.ts): a new holder who leaves
      // while the bot is not listening is then known to have been in the channel.
      { op: 'hashDelete', key: keys.membersReconciled(), fields: [network.id] },
      ...(this.events?.pendingWrites(event) ?? []),
      ...(alsoWrite?.(network) ?? []),
    ];
    await this.store.commit(writes);
    await this.events?.dispatch(event);
  }

  private roleAssigned(network: Network): DomainEvent {
    return { type: 'role.assigned', networkId: network.id, at: this.clock.now() };
  }

  private assignWrites(network: Network, role: RoleName, userId: string): StoreWrite[] {
    return [
      { op: 'setAdd', key: keys.networkRoles(network.id), members: [encodeAssignment({ role, userId })] },
      { op: 'setAdd', key: keys.personNetworks(network.platform, userId), members: [network.id] },
      { op: 'setRemove', key: keys.networkFormerMembers(network.id), members: [userId] },
    ];
  }

  /**
   * Removes a role from each of `userIds`; a person leaves the network's index when no role is
   * left, and is noted as a former member: the network's deletion erases what it sent them, and
   * them when they are in no other network.
   */
  async unassign(network: Network, role: RoleName, userIds: string | readonly string[], alsoWrite?: NetworkWrites): Promise<void> {
    const assignments = await this.assignments(network.id);
    // One commit: a stop between taking the last role and updating the person's index would
    // leave the network in their index with no role to find it by (and the channel's post unowed).
    const writes: StoreWrite[] = [...[userIds].flat().flatMap((userId): StoreWrite[] => {
      const remaining = assignments.filter((a) => a.userId === userId && a.role !== role);
      return [
        { op: 'setRemove', key: keys.networkRoles(network.id), members: [encodeAssignment({ role, userId })] },
        ...(remaining.length > 0
          ? []
          : [
              { op: 'setAdd' as const, key: keys.networkFormerMembers(network.id), members: [userId] },
              { op: 'setRemove' as const, key: keys.personNetworks(network.platform, userId), members: [network.id] },
            ]),
      ];
    }), ...(alsoWrite?.(network) ?? [])];
    await this.store.commit(writes);
  }

  async formerMembers(networkId: string): Promise<string[]> {
    return this.store.setMembers(keys.networkFormerMembers(networkId));
  }

  async assignments(networkId: string): Promise<RoleAssignment[]> {
    return (await this.assignmentsOfMany([networkId]))[0]!;
  }

  /** The role assignments of several networks in one read, in the order of `networkIds`. */
  async assignmentsOfMany(networkIds: readonly string[]): Promise<RoleAssignment[][]> {
    const sets = await this.store.setMembersMany(networkIds.map(keys.networkRoles));
    return sets.map((members) => members.map(decodeAssignment).filter((a): a is RoleAssignment => a !== undefined));
  }

  async holders(networkId: string, role: RoleName): Promise<string[]> {
    return (await this.assignments(networkId)).filter((a) => a.role === role).map((a) => a.userId).sort();
  }

  async rolesOf(networkId: string, userId: string): Promise<RoleName[]> {
    const held = new Set((await this.assignments(networkId)).filter((a) => a.userId === userId).map((a) => a.role));
    return roleNames.filter((role) => held.has(role));
  }

  /** Renames a network; the name is cleaned by the caller. */
  async rename(network: Network, name: string, alsoWrite?: NetworkWrites): Promise<Network> {
    const renamed: Network = { ...network, name };
    await this.store.commit([{ op: 'set', key: keys.network(network.id), value: renamed }, ...(alsoWrite?.(renamed) ?? [])]);
    return renamed;
  }

  /** Sets the language of the network's channel posts (`/liso netwerk taal`). */
  async setLang(network: Network, lang: NonNullable<Network['lang']>, alsoWrite?: NetworkWrites): Promise<Network> {
    const changed: Network = { ...network, lang };
    await this.store.commit([{ op: 'set', key: keys.network(network.id), value: changed }, ...(alsoWrite?.(changed) ?? [])]);
    return changed;
  }

  /**
   * Closes a network: a stored state every feature's tick respects, filed in the closed index
   * in the same commit, so the retention tick finds every closed network (also after a crash).
   */
  async close(network: Network, at: Date, deleteAt: Date): Promise<Network> {
    const closed: Network = { ...network, closedAt: at, deleteAt };
    await this.store.commit([
      { op: 'set', key: keys.network(network.id), value: closed },
      { op: 'setAdd', key: keys.closedNetworks(), members: [network.id] },
    ]);
    return closed;
  }

  /** Undoes a close within the retention window. */
  async reopen(network: Network, alsoWrite?: NetworkWrites): Promise<Network> {
    const { closedAt: _closedAt, deleteAt: _deleteAt, ...open } = network;
    await this.store.commit([
      { op: 'set', key: keys.network(network.id), value: open },
      { op: 'setRemove', key: keys.closedNetworks(), members: [network.id] },
      ...(alsoWrite?.(open) ?? []),
    ]);
    return open;
  }

  /** Ids of the closed networks not deleted yet. */
  async closedIds(): Promise<string[]> {
    return this.store.setMembers(keys.closedNetworks());
  }

  /** Drops a forgotten person's index of networks, whatever it still lists. */
  async forgetIndex(platform: string, userId: string): Promise<void> {
    await clearSet(this.store, keys.personNetworks(platform, userId));
  }

  /** Takes a forgotten person's id out of the networks they started (`createdBy`) or left. */
  async forgetCreator(platform: string, userId: string): Promise<void> {
    for (const network of await this.all()) {
      if (network.platform !== platform) continue;
      await this.store.setRemove(keys.networkFormerMembers(network.id), [userId]);
      if (network.createdBy !== userId) continue;
      const { createdBy: _forgotten, ...rest } = network;
      await this.store.set(keys.network(network.id), rest);
    }
  }

  /** Trekker and procesbegeleider may change roles and sessions. */
  async canManage(networkId: string, userId: string): Promise<boolean> {
    const roles = await this.rolesOf(networkId, userId);
    return roles.some((role) => leadRoles.includes(role));
  }
}

// Role names contain no ':', so the first ':' separates role from the opaque user id.
function encodeAssignment(assignment: RoleAssignment): string {
  return `${assignment.role}:${assignment.userId}`;
}

function decodeAssignment(member: string): RoleAssignment | undefined {
  const at = member.indexOf(':');
  const role = member.slice(0, at) as RoleName;
  if (at < 0 || !roleNames.includes(role)) return undefined;
  return { role, userId: member.slice(at + 1) };
}
