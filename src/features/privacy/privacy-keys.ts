// Store key layout of the privacy feature (prefix "privacy:").

export const privacyKeys = {
  /** A pending "forget me" request: the nonce its confirmation button carries. Short-lived. */
  forgetRequest: (platform: string, userId: string) => `privacy:forget-request:${platform}:${userId}`,
  /** Serialises claims of a network's vacant lead role. Short-lived. */
  leadClaim: (networkId: string) => `privacy:lead-claim:${networkId}`,
};

export const privacyDeliveryKeys = {
  /** The channel notice that a network lost its last trekker through an erasure. */
  trekkerLeft: (networkId: string, nonce: string) => `privacy:trekker-left:${networkId}:${nonce}`,
};
