// A new network lived one day at a time through its first two sessions, nobody ticking anything
// off: how many direct messages each person gets per day, and what they say before the network
// has ever met.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { messageToPlainText } from '../../src/core/message.ts';
import { createHarness, runUntil } from './nudge-harness.ts';

const ZONE = 'Europe/Amsterdam';
const FIRST_ENDS = '2027-02-11T16:00:00.000Z'; // 14:00-17:00 local

describe("a new network's first two sessions, day by day", () => {
  it('gives nobody more than one preparation message a day, and speaks of a previous session only after the first one', async () => {
    const h = await createHarness({ start: new Date('2027-01-04T08:00:00Z') });
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'rol procesbegeleider <@bram>');
    await h.run('anna', 'rol deelnemer <@sanne> <@tom>');
    await h.run('anna', 'sessie 2027-02-11 14:00');
    await h.run('anna', 'sessie 2027-05-13 14:00');
    for (let day = DateTime.fromISO('2027-01-05', { zone: ZONE }); day <= DateTime.fromISO('2027-05-14', { zone: ZONE }); day = day.plus({ days: 1 })) {
      await runUntil([h], day.toJSDate());
    }

    // Preparation messages only: the sessions feature's reminders (with their "Ik kom" buttons) go to
    // every role holder besides; tests/console/first-two-sessions.test.ts counts all messages.
    const isReminder = (d: { message: { blocks: Array<{ type: string; buttons?: Array<{ actionId: string }> }> } }) =>
      d.message.blocks.some((b) => b.type === 'actions' && (b.buttons ?? []).some((button) => button.actionId.startsWith('session.rsvp.')));
    const direct = h.timed.log.filter((d) => d.kind === 'direct' && !isReminder(d));
    const perPersonDay = new Map<string, number>();
    for (const d of direct) {
      const key = `${d.to} ${DateTime.fromISO(d.at, { zone: ZONE }).toISODate()}`;
      perPersonDay.set(key, (perPersonDay.get(key) ?? 0) + 1);
    }
    expect(Math.max(...perPersonDay.values())).toBe(1);
    // Only the leads have preparation work; the participants get nothing from it.
    expect(new Set(direct.map((d) => d.to))).toEqual(new Set(['anna', 'bram']));

    // Before the first session ended, no message speaks of "the previous session" or its notes.
    const before = h.timed.log.filter((d) => d.at < FIRST_ENDS && d.kind !== 'reply');
    for (const d of before) expect(messageToPlainText(d.message)).not.toMatch(/vorige (sessie|keer|bijeenkomst)|notulen|geleerde lessen/i);
    // The first session's plan comes from h4 and h6, not from the quarterly figure: its digests say so.
    const firstDigests = direct.filter((d) => d.at < FIRST_ENDS);
    for (const d of firstDigests) expect(messageToPlainText(d.message)).toMatch(/Bron: LISO-handboek h4, 'De eerste stap'/);
    for (const d of firstDigests) expect(messageToPlainText(d.message)).not.toMatch(/'Sessie voorbereiden'/);
    expect(messageToPlainText(direct.find((d) => d.at > FIRST_ENDS)!.message)).toMatch(/Bron: LISO-handboek h5, 'Sessie voorbereiden'/);
    // The first session got the first-session plan, the second the regular timeline after the first had ended.
    const lines = h.timed.nudges();
    expect(lines.filter((l) => l.at < FIRST_ENDS).map((l) => l.task).sort()).toEqual(
      ['agenda-eerste', 'praktisch', 'uitnodigen-eerste', 'verkennen', 'vraag-vooraf', 'werkvorm-eerste'].concat(
        // a week before the first session, the open tasks once more to the other lead
        ['agenda-eerste', 'praktisch', 'uitnodigen-eerste', 'verkennen', 'vraag-vooraf', 'werkvorm-eerste'],
      ).sort(),
    );
    const second = lines.filter((l) => l.at > FIRST_ENDS);
    expect(new Set(second.map((l) => l.task))).toContain('notulen');
    expect(second.find((l) => l.task === 'notulen')!.at).toBe('2027-02-18T08:00:00.000Z');

    // Every day with work brought each lead one digest; a week before each session that digest
    // held the hand-overs (and, for the trekker, the overview).
    // (Thursday 6 May 2027 is Hemelvaartsdag: the week before the second session is Wednesday 5 May.)
    // Moved back by a holiday, the overview and hand-overs say how many days it really is.
    for (const [at, howLong] of [['2027-02-04T08:00:00.000Z', 'Nog een week'], ['2027-05-05T07:00:00.000Z', 'Nog 8 dagen']] as const) {
      const digests = direct.filter((d) => d.at === at);
      expect(digests.map((d) => d.to).sort()).toEqual(['anna', 'bram']);
      expect(digests.every((d) => d.tasks.length > 1)).toBe(true);
      expect(messageToPlainText(digests.find((d) => d.to === 'anna')!.message)).toMatch(new RegExp(`${howLong} tot de sessie van Jeugd`));
      expect(messageToPlainText(digests.find((d) => d.to === 'bram')!.message)).toMatch(new RegExp(`${howLong} tot de sessie, en deze taken van de trekker staan nog open`));
    }
  }, 120_000);
});
