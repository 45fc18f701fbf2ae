// The attendance line the leads see (readiness overview, `/liso netwerk`, home view): counts,
// and names only of people who agreed to be named. A participant who asks sees how many come: a number, never who.
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

  /**
   * "Aanmeldingen: …" for a session, counted over the network's current role holders. With `beforeAnyAnswer`, the line
   * to show instead while nobody has answered yet: the readiness overview goes out the morning the week-before reminders
   * do, and "0 komen, 0 kunnen niet, 8 hebben nog niet gereageerd" told the trekker nothing. It stays true when the
   * overview is redrawn days later.
   */
  async line(network: Network, session: Session, t: Translator, beforeAnyAnswer?: RichText): Promise<RichText> {
    const holders = await this.holders(network);
    const summary = await this.deps.attendance.summary(session, holders);
    if (beforeAnyAnswer && summary.yes + summary.no === 0) return beforeAnyAnswer;
    const names = await Promise.all(summary.namedYes.sort().map((userId) => this.deps.people.displayName(network.platform, userId)));
    return attendanceText(t, summary, holders.length, names.sort((a, b) => a.localeCompare(b)));
  }

  /** "Tot nu toe komen er 5": how many said they come, for a participant who asks (not who, nor who cannot). */
  async coming(network: Network, session: Session, t: Translator): Promise<RichText> {
    const holders = await this.holders(network);
    const { yes } = await this.deps.attendance.summary(session, holders);
    return t.rich(yes === 0 ? 'session.ask.comingNone' : 'session.ask.coming', { yes });
  }

  /** The network's current role holders, each once. */
  private async holders(network: Network): Promise<string[]> {
    return [...new Set((await this.deps.directory.assignments(network.id)).map((a) => a.userId))];
  }
}
