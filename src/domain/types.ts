// Records of the domain every feature shares: networks, role assignments, sessions, people.
import type { RoleName } from './roles.ts';

export interface Network {
  id: string;
  name: string;
  platform: string;
  /** The channel the network is bound to (opaque, platform-owned id). */
  channelId: string;
  timeZone: string;
  createdAt: Date;
  /** Who started the network; removed when they are forgotten. */
  createdBy?: string;
  /**
   * The language of the bot's posts in the network's channel: the starter's at `/liso start`, changed only by a
   * lead's `/liso netwerk taal`. Absent only in records of a release before it was kept (upgrade step 5 adds it).
   */
  lang?: 'nl' | 'en';
  /** When a lead closed the network (`/liso netwerk afsluiten`); absent while it runs or after a reopen. */
  closedAt?: Date;
  /** When a closed network's data is deleted (closedAt plus the retention window). */
  deleteAt?: Date;
}

export interface RoleAssignment {
  role: RoleName;
  userId: string;
}

export interface Session {
  id: string;
  networkId: string;
  /** Local date YYYY-MM-DD in `timeZone`. */
  date: string;
  /** Local time HH:mm in `timeZone`. */
  time: string;
  timeZone: string;
  /** The instant the session starts, derived from date, time and zone. */
  startsAt: Date;
  status: 'planned' | 'cancelled';
  createdAt: Date;
  /** Who planned the session; removed when they are forgotten. */
  createdBy?: string;
  updatedAt: Date;
  /** Earlier dates of a moved session, oldest first. */
  movedFrom: Array<{ date: string; time: string; timeZone: string }>;
  /** Length in minutes; absent in sessions planned before lengths were kept (see `sessionMinutes`). */
  durationMinutes?: number;
  /** Where the session is: an address or a link (cleaned one-line text). */
  place?: string;
  /** The agenda once the leads shared it: a short text or a link. */
  agenda?: string;
}

export interface Person {
  platform: string;
  userId: string;
  displayName: string;
  /** Chosen language; absent means the configured default. */
  lang?: 'nl' | 'en';
  /** The start of the month (in LISO_TIMEZONE) the bot first and last heard from them; never a day or moment. */
  firstSeen: Date;
  lastSeen: Date;
}
