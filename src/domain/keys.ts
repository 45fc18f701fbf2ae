// Store key layout of the domain records, in one place so no two features collide.

export const keys = {
  network: (networkId: string) => `network:${networkId}`,
  allNetworks: () => 'networks',
  /** Ids of closed networks waiting for deletion: what the retention tick reads. */
  closedNetworks: () => 'networks:closed',
  channelBinding: (platform: string, channelId: string) => `channel-network:${platform}:${channelId}`,
  networkRoles: (networkId: string) => `network:${networkId}:roles`,
  /** User ids who held a role in the network and hold none any more: its deletion erases them too. */
  networkFormerMembers: (networkId: string) => `network:${networkId}:former`,
  networkSessions: (networkId: string) => `network:${networkId}:sessions`,
  /** The Delivery keys of the network's own channel posts (start, name, reopening, roles), for deleting the network. */
  networkAnnouncements: (networkId: string) => `network:${networkId}:announcements`,
  /**
   * Role holders of the network who were in its channel when its members were last looked at (and
   * not heard leaving since): the daily look tells the leads of those no longer there.
   */
  networkInChannel: (networkId: string) => `network:${networkId}:in-channel`,
  /** When each network's channel members were last looked at (field: network id, value: ISO instant). */
  membersReconciled: () => 'networks:members-reconciled',
  session: (sessionId: string) => `session:${sessionId}`,
  /**
   * The planned session on a network's local date: claimed in the commit that plans or moves a session there, so
   * two leads planning the same day at the same moment (two processes, two replicas) get one session, not two.
   */
  sessionDay: (networkId: string, date: string) => `network:${networkId}:session-day:${date}`,
  person: (platform: string, userId: string) => `person:${platform}:${userId}`,
  personNetworks: (platform: string, userId: string) => `person:${platform}:${userId}:networks`,
  processedEvent: (platform: string, eventId: string) => `event:${platform}:${eventId}`,
};
