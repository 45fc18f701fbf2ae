// Store key layout of the wins feature; every key starts with "wins:" so no other feature collides.

export const winsKeys = {
  /** One recorded win (WinRecord). */
  win: (winId: string) => `wins:win:${winId}`,
  /** Claimed once per recorded win, so a replayed command records and celebrates nothing twice. */
  winClaim: (winId: string) => `wins:claim:${winId}`,
  /** Set of win ids of a network. */
  networkWins: (networkId: string) => `wins:network:${networkId}:wins`,
  /** Index of the last celebration text used in a network, so the next one differs. */
  lastVariant: (networkId: string) => `wins:network:${networkId}:last-variant`,
  /** Set of user ids who pressed "Mooi!" on a win. */
  cheers: (winId: string) => `wins:win:${winId}:cheers`,
  /** Claimed once per person and win: a second press counts nothing. */
  cheerClaim: (winId: string, userId: string) => `wins:cheer:${winId}:${userId}`,
  /** Present when a person does not want to be named in celebrations. */
  optOut: (platform: string, userId: string) => `wins:opt-out:${platform}:${userId}`,
  /** Set of win ids a person authored, is credited in or cheered (for privacy requests). */
  personWins: (platform: string, userId: string) => `wins:person:${platform}:${userId}:wins`,
  /** Set of milestone ids a network reached. */
  networkMilestones: (networkId: string) => `wins:network:${networkId}:milestones`,
  /** One reached milestone (MilestoneRecord). */
  milestone: (networkId: string, milestoneId: string) => `wins:milestone:${networkId}:${milestoneId}`,
};

/** Delivery keys: one per outbound side effect, deterministic so every replica computes the same. */
export const winsDeliveryKeys = {
  celebration: (winId: string) => `wins:post:win:${winId}`,
  /** The claim key per network and milestone: whoever claims it first posts the celebration. */
  milestone: (networkId: string, milestoneId: string) => `wins:post:milestone:${networkId}:${milestoneId}`,
};
