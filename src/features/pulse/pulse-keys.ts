// Store key layout of the pulse feature (prefix "pulse:"), in one place so nothing collides.
// No key or value under this prefix ties an answer to a person: answers are kept under ballot ids
// that only the invitation's token can reproduce (ballot.ts), and the token is stored nowhere.

export type PulseFlag = 'invites-sent' | 'reminders-sent' | 'closing' | 'finished';

export const pulseKeys = {
  /** The pulse record (PulseRecord). */
  pulse: (pulseId: string) => `pulse:${pulseId}`,
  /** Every pulse id ever started and not yet past retention. */
  all: () => 'pulse:all',
  /** Pulse ids not yet finished (open, or closing): the only ones the minute tick looks at. */
  active: () => 'pulse:active',
  /** Claimed once per UTC day by the replica that sweeps for pulses past retention. */
  retentionSweep: (day: string) => `pulse:retention-sweep:${day}`,
  /** Pulse ids of a network, any state. */
  ofNetwork: (networkId: string) => `pulse:network:${networkId}:pulses`,
  /** The open pulse of a network (one at a time), claimed at start, deleted at close. */
  openOfNetwork: (networkId: string) => `pulse:network:${networkId}:open`,
  /** One pulse per session, claimed when the pulse starts. */
  ofSession: (sessionId: string) => `pulse:session:${sessionId}`,
  /** A network's choices: switched-off questions, results in the channel. */
  settings: (networkId: string) => `pulse:network:${networkId}:settings`,
  /** Anonymous tallies and open answers below the threshold, waiting for the next pulse. */
  carry: (networkId: string) => `pulse:network:${networkId}:carry`,
  /** User ids invited (for invitations, the reminder and privacy requests); deleted at close. */
  invitees: (pulseId: string) => `pulse:${pulseId}:invitees`,
  /** Every ballot id with its answers, one value (see BallotBox); deleted at close. */
  ballots: (pulseId: string) => `pulse:${pulseId}:ballots`,
  /** Held for the moment the ballots are rewritten. */
  ballotLock: (pulseId: string) => `pulse:${pulseId}:ballot-lock`,
  /** The anonymous aggregate written at close. */
  result: (pulseId: string) => `pulse:${pulseId}:result`,
  /**
   * Monotonic flags (set once, never unset): the pulse record itself never changes after it is
   * written, so no read-modify-write can undo another replica's step.
   */
  flag: (pulseId: string, flag: PulseFlag) => `pulse:${pulseId}:flag:${flag}`,
  /** Short lease so one process at a time runs the close steps. */
  closeLease: (pulseId: string) => `pulse:${pulseId}:close-lease`,
  /** Claimed once, before `pulse.closed` is emitted. */
  closedEvent: (pulseId: string) => `pulse:${pulseId}:closed-event`,
  /** Lease for a retention purge. */
  purgeLease: (pulseId: string) => `pulse:${pulseId}:purge-lease`,
};

/**
 * Delivery keys: deterministic per side effect, so no replica sends twice. They name the
 * recipient, never a ballot: Delivery keeps the recipient in its record anyway.
 */
export const pulseDeliveryKeys = {
  invite: (pulseId: string, userId: string) => `pulse:${pulseId}:invite:${userId}`,
  /** The pulse an invitation's key belongs to; undefined for any other key. */
  pulseOfInvite: (key: string) => /^pulse:([a-f0-9]{8}):invite:/.exec(key)?.[1],
  reminder: (pulseId: string, userId: string) => `pulse:${pulseId}:reminder:${userId}`,
  resultsDirect: (pulseId: string, userId: string) => `pulse:${pulseId}:results:${userId}`,
  resultsChannel: (pulseId: string) => `pulse:${pulseId}:results:channel`,
};
