// Store key layout of the privacy feature (prefix "privacy:").

export const privacyKeys = {
  /** A pending "forget me" request of a person (their person key): the nonce its confirmation button carries. Short-lived. */
  forgetRequest: (person: string) => `privacy:forget-request:${person}`,
  /** Claimed by the replica that purges expired values in an hour (epoch hours). */
  purge: (hour: number) => `privacy:purge:${hour}`,
  /** Claimed by the replica that rewrites the store's file on a UTC day. */
  rewrite: (day: string) => `privacy:rewrite:${day}`,
  /** Serialises claims of a network's vacant lead role. Short-lived. */
  leadClaim: (networkId: string) => `privacy:lead-claim:${networkId}`,
};

export const privacyDeliveryKeys = {
  /** The channel notice that a network lost its last trekker through an erasure. */
  trekkerLeft: (networkId: string, nonce: string) => `privacy:trekker-left:${networkId}:${nonce}`,
};
