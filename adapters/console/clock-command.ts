// Parses the console's `:klok` argument: a step forward (+3d, +2w, +4h, +30m) or an instant.
import { DateTime } from 'luxon';

const STEP = /^\+(\d{1,4})([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * The instant the clock should move to, or undefined when the text is not understood. Steps of
 * days and weeks keep the wall-clock time in `zone` (a week over a DST change is still 7 days
 * on the calendar); an instant without offset is read in `zone`.
 */
export function parseClockTarget(text: string, now: Date, zone: string): Date | undefined {
  const step = STEP.exec(text.trim());
  if (step) {
    const amount = Number(step[1]);
    const unit = step[2] as keyof typeof UNIT_MS;
    if (unit === 'd' || unit === 'w') {
      return DateTime.fromJSDate(now, { zone }).plus(unit === 'd' ? { days: amount } : { weeks: amount }).toJSDate();
    }
    return new Date(now.getTime() + amount * UNIT_MS[unit]);
  }
  const instant = DateTime.fromISO(text.trim(), { zone, setZone: false });
  return instant.isValid ? instant.toJSDate() : undefined;
}
