// Store key layout of the privacy feature (prefix "privacy:").

export const privacyKeys = {
  /** A pending "forget me" request of a person (their person key): the nonce its confirmation button carries. Short-lived. */
  forgetRequest: (person: string) => `privacy:forget-request:${person}`,
  /**
   * A confirmed erasure not finished yet (their person key): who and what it found, written before
   * any of it happens, so a crash midway is finished by the privacy tick. Deleted at its end.
   */
  forgetPending: (person: string) => `privacy:forget-pending:${person}`,
  /** The person keys of every erasure not finished yet. */
  forgetPendingAll: 'privacy:forget-pending',
  /** Held by the process running an erasure, so the tick does not start it a second time. Short-lived. */
  forgetLease: (person: string) => `privacy:forget-lease:${person}`,
  /** Claimed by the replica that purges expired values in an hour (epoch hours). */
  purge: (hour: number) => `privacy:purge:${hour}`,
  /** Claimed by the replica that rewrites the store's file on a UTC day. */
  rewrite: (day: string) => `privacy:rewrite:${day}`,
  /**
   * A closed network's deletion under way: its platform, channel and members, written before any
   * of it is deleted, so a crash midway is finished by the privacy tick. Deleted at its end.
   */
  networkErasure: (networkId: string) => `privacy:network-erasure:${networkId}`,
  /** Held by the process deleting a network, so no other starts the same. Short-lived. */
  networkErasureLease: (networkId: string) => `privacy:network-erasure-lease:${networkId}`,
  /** Serialises claims of a network's vacant lead role. Short-lived. */
  leadClaim: (networkId: string) => `privacy:lead-claim:${networkId}`,
};

export const privacyDeliveryKeys = {
  /** The channel notice that a network lost its last trekker through an erasure. */
  trekkerLeft: (networkId: string, nonce: string) => `privacy:trekker-left:${networkId}:${nonce}`,
};
