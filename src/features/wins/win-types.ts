// Records of the wins feature: wins, the people named in them, and reached milestones.
import type { Lang } from '../../core/i18n.ts';
import type { MessageRef } from '../../core/chat-adapter.ts';

/**
 * A piece of a win's text. The author's words are kept as literal text; a person they named
 * is kept by id, so the name shown follows their current opt-out (and disappears when they are
 * forgotten) instead of being frozen into the text.
 */
export type WinPart = { kind: 'text'; text: string } | { kind: 'person'; userId: string } | { kind: 'someone' };

export interface WinRecord {
  id: string;
  networkId: string;
  platform: string;
  /** Absent once the author asked to be forgotten: the win stays, anonymously. */
  authorId?: string;
  parts: WinPart[];
  /** People the author named, in the order named (the author excluded). */
  credited: string[];
  createdAt: Date;
  /** The celebration text chosen for this win (index into the variants) and its language. */
  variant: number;
  lang: Lang;
  /** Where the celebration was posted, once it was. */
  celebration?: MessageRef;
}

export const milestoneKinds = ['sessions', 'year', 'preparation', 'pulse'] as const;
export type MilestoneKind = (typeof milestoneKinds)[number];

export interface MilestoneRecord {
  /** Unique within the network: sessions-3, year-1, preparation-<sessionId>, pulse-<pulseId>. */
  id: string;
  kind: MilestoneKind;
  /** The number of sessions or years, for the counting kinds. */
  count?: number;
  sessionId?: string;
  /** The moment it was reached; derived from stored state, so every replica computes the same. */
  reachedAt: Date;
}

/** The session milestones the handbook's low bar suggests: the first, third, fifth and tenth meeting. */
export const SESSION_MILESTONES = [1, 3, 5, 10] as const;
