// The attendance line the leads see (readiness overview, `/liso netwerk`, home view): counts,
// and names only of people who agreed to be named.
import type { Translator } from '../../core/i18n.ts';
import type { RichText } from '../../core/rich-text.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { Attendance } from './attendance.ts';
import { attendanceText } from './reminder-messages.ts';

export class AttendanceReport {
  constructor(
    private readonly deps: { attendance: Attendance; directory: NetworkDirectory; people: People },
  ) {}

  /** "Aanmeldingen: …" for a session, counted over the network's current role holders. */
  async line(network: Network, session: Session, t: Translator): Promise<RichText> {
    const holders = [...new Set((await this.deps.directory.assignments(network.id)).map((a) => a.userId))];
    const summary = await this.deps.attendance.summary(session, holders);
    const names = await Promise.all(summary.namedYes.sort().map((userId) => this.deps.people.displayName(network.platform, userId)));
    return attendanceText(t, summary, holders.length, names.sort((a, b) => a.localeCompare(b)));
  }
}
