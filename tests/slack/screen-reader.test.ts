// liso-bot on Slack as a deelnemer with a screen reader, and as one who reads the lock screen: a
// session reminder, two pulses (invitation, results with their change), a win with its 🎉 button, an
// advice answer, help, an error and vergeet-mij, through real Bolt against the fake Web API. The
// top-level `text` is what a phone's notification shows and a screen reader announces; a button's
// `accessibility_label` is read instead of a label that is only a number or an emoji.
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addHeldSession } from '../nudges/nudge-harness.ts';
import { announcedProblems, CHANGE_IN_WORDS, needsSpokenLabel, READ_BY_NAME } from '../fakes/heard.ts';
import type { Seen } from './slack-transcript.ts';
import { buttonsOf, coreAction, QuarterDriver } from './quarter-driver.ts';

const CHANNEL = 'C0LUIST001';
const ANNA = 'U0ANNA0001';
const VOTERS = ['U0LUIS0001', 'U0LUIS0002', 'U0LUIS0003'];
const NAMES = new Map([[ANNA, 'anna'], ...VOTERS.map((id, i): [string, string] => [id, `luisteraar${i + 1}`])]);
const MESSAGES = new Set(['dm', 'ephemeral', 'update', 'thread', 'channel', 'replace']);

let d: QuarterDriver;
const seen: Seen[] = [];
const keep = (arrived: Seen[]) => {
  seen.push(...arrived);
  return arrived;
};

/** A session held the next day (the pulse asks about the latest one), then a pulse every voter answers with `score`. */
async function pulse(score: (voter: number) => number): Promise<void> {
  const day = DateTime.fromJSDate(d.clock.now(), { zone: 'Europe/Amsterdam' }).plus({ days: 1 });
  await addHeldSession(d.h, (await d.h.app.directory.all())[0]!.id, day.toISODate()!);
  await d.walk(day.set({ hour: 18 }).toJSDate(), async (arrived) => void keep(arrived));
  const invitations = keep(await d.command(ANNA, 'pulse'));
  for (const [i, voter] of VOTERS.entries()) {
    const invitation = invitations.find((s) => s.to === voter && buttonsOf(s.call.body).some((b) => coreAction(b) === 'pulse.vote'))!;
    for (const button of buttonsOf(invitation.call.body).filter((b) => coreAction(b) === 'pulse.vote' && b.value.endsWith(`:${score(i)}`))) {
      keep(await d.press(voter, invitation, button));
    }
  }
  await d.walk(new Date(d.clock.now().getTime() + 8 * 24 * 3_600_000), async (arrived) => void keep(arrived));
}

beforeAll(async () => {
  d = await QuarterDriver.start(CHANNEL, NAMES, new Date('2027-01-04T08:00:00Z'));
});

afterAll(async () => {
  await d?.stop();
});

describe('Slack, heard through a screen reader', () => {
  it('announces every message by its gist and names every button that shows only a number or an emoji', { timeout: 120_000 }, async () => {
    keep(await d.command(ANNA, 'start Luisteren'));
    keep(await d.command(ANNA, `rol deelnemer ${VOTERS.map((id) => `<@${id}|${NAMES.get(id)}>`).join(' ')}`));
    keep(await d.command(ANNA, 'sessie 2027-01-14 14:00'));
    await d.walk(new Date('2027-01-15T09:00:00Z'), async (arrived) => void keep(arrived));
    await pulse(() => 3);
    await pulse((i) => (i === 0 ? 5 : 4));
    const win = keep(await d.command(ANNA, 'vier de eerste casus is besproken')).find((s) => s.to === CHANNEL)!;
    keep(await d.press(VOTERS[0]!, win, buttonsOf(win.call.body).find((b) => coreAction(b) === 'wins.cheer')!));
    keep(await d.say(VOTERS[0]!, 'hoe houd ik deelnemers betrokken na de start?', 'dm'));
    keep(await d.command(VOTERS[1]!, 'help'));
    keep(await d.command(VOTERS[1]!, 'sessie gisteren'));
    keep(await d.command(VOTERS[2]!, 'vergeet-mij'));

    const heard: string[] = [];
    const kinds = new Set<string>();
    for (const s of seen.filter((each) => MESSAGES.has(each.via) && Array.isArray(each.call.body['blocks']))) {
      const text = String(s.call.body['text'] ?? '');
      for (const problem of announcedProblems(text)) heard.push(`text of "${s.text.split('\n')[0]}": ${problem}`);
      for (const button of buttonsOf(s.call.body) as Array<{ type?: string; action_id: string; text: { text: string }; accessibility_label?: string }>) {
        if (button.type !== 'button') continue;
        kinds.add(coreAction(button as never));
        if (!needsSpokenLabel(button.text.text)) continue;
        if (!button.accessibility_label) heard.push(`button "${button.text.text}" in "${text}" has no accessibility_label`);
        else {
          expect(button.accessibility_label.length).toBeLessThanOrEqual(75);
          for (const problem of announcedProblems(button.accessibility_label)) heard.push(`accessibility_label of "${button.text.text}": ${problem}`);
        }
      }
    }
    expect(heard).toEqual([]);
    for (const kind of ['session.rsvp.yes', 'pulse.vote', 'wins.cheer', 'advice.feedback', 'advice.more', 'privacy.forget']) expect(kinds).toContain(kind);

    // A pulse score is heard with its meaning and its statement; a chosen one says so.
    const invitation = seen.find((s) => s.to === VOTERS[2] && s.via === 'dm' && buttonsOf(s.call.body).some((b) => coreAction(b) === 'pulse.vote'))!;
    const votes = buttonsOf(invitation.call.body).filter((b) => coreAction(b) === 'pulse.vote');
    const labels = (votes as Array<{ accessibility_label?: string }>).slice(0, 5).map((b) => b.accessibility_label);
    expect(labels).toEqual(['Stelling 1: 1, helemaal oneens', 'Stelling 1: 2, oneens', 'Stelling 1: 3, neutraal', 'Stelling 1: 4, eens', 'Stelling 1: 5, helemaal eens']);
    const marked = seen.filter((s) => s.to === VOTERS[2] && s.via === 'update').at(-1)!;
    expect((buttonsOf(marked.call.body) as Array<{ accessibility_label?: string }>).map((b) => b.accessibility_label)).toContain('Stelling 1: 4, eens, gekozen');

    // The second results: the change since last time in words, the gist on the lock screen.
    const results = seen.filter((s) => s.to === ANNA && /^# Uitslag pulse Luisteren/.test(s.text));
    expect(results).toHaveLength(2);
    expect(results[1]!.call.body['text']).toBe('Uitslag pulse Luisteren: 3 van de 3 genodigden deden mee.');
    const stats = results[1]!.text.split('\n').filter((line) => line.includes('gemiddeld') && !line.includes('eerste meting'));
    expect(stats.length).toBeGreaterThan(0);
    for (const line of stats) {
      expect(line).toMatch(CHANGE_IN_WORDS);
      expect(line).not.toMatch(READ_BY_NAME);
    }
  });
});
