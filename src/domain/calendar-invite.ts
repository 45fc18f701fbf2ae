// A calendar invitation (iCalendar, RFC 5545) for a session: UTC times, escaped text, folded lines.
import type { Attachment } from '../core/message.ts';
import { slug } from '../core/sanitize.ts';
import { sessionEnd } from './session-length.ts';
import type { Session } from './types.ts';

export interface InviteInput {
  sessionId: string;
  startsAt: Date;
  /** The session's length as planned (`sessionEnd`). */
  endsAt: Date;
  /** The place or link, when known (LOCATION; a link is also the URL). */
  place?: string | undefined;
  /** Times the session moved, so calendars replace an older invitation (SEQUENCE). */
  sequence: number;
  summary: string;
  description: string;
  /** The file name's first word, in the reader's language ("sessie", "session"). */
  filePrefix: string;
  /** The network's name, in the file name: someone in two networks meeting on one day gets two files. */
  networkName: string;
  /** The instant the invitation is made (DTSTAMP). */
  now: Date;
  /**
   * The session does not go ahead: METHOD:CANCEL and STATUS:CANCELLED under the same UID, with a SEQUENCE above the
   * last invitation's, so a calendar that took the invitation in marks or removes that event.
   */
  cancelled?: boolean;
}

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (RFC 5545 3.1) without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utc = (instant: Date) => instant.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** The invitation fields a session itself provides. */
export function inviteTimes(session: Session): Pick<InviteInput, 'sessionId' | 'startsAt' | 'endsAt' | 'place' | 'sequence'> {
  return { sessionId: session.id, startsAt: session.startsAt, endsAt: sessionEnd(session), place: session.place, sequence: session.movedFrom.length };
}

export function sessionInvite(input: InviteInput): Attachment {
  const place = input.place ? [`LOCATION:${escapeText(input.place)}`, ...(/^https?:\/\/\S+$/i.test(input.place) ? [`URL:${input.place}`] : [])] : [];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//liso-bot//leernetwerk//NL',
    'CALSCALE:GREGORIAN',
    input.cancelled ? 'METHOD:CANCEL' : 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${input.sessionId}@liso-bot`,
    `SEQUENCE:${input.sequence}`,
    ...(input.cancelled ? ['STATUS:CANCELLED'] : []),
    `DTSTAMP:${utc(input.now)}`,
    `DTSTART:${utc(input.startsAt)}`,
    `DTEND:${utc(input.endsAt)}`,
    `SUMMARY:${escapeText(input.summary)}`,
    ...place,
    `DESCRIPTION:${escapeText(input.description)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return {
    filename: `${input.filePrefix}-${slug(input.networkName)}-${input.startsAt.toISOString().slice(0, 10)}.ics`,
    mimeType: 'text/calendar; charset=utf-8',
    content: `${lines.map(foldLine).join('\r\n')}\r\n`,
  };
}
