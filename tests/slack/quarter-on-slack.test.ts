// A network's first quarter on Slack, lived day by day by its eight people through real Bolt:
// three sessions (one moved, one cancelled and re-planned, one online), a pulse after each, a role
// handed over, a member who leaves the channel, a guest the bot cannot DM, questions in the channel
// and in DMs, a win, App Home, mijn-gegevens and vergeet-mij, and a restart on the same SQLite file.
// LISO_QUARTER_TRANSCRIPT=<file> writes every message as its reader saw it, and the count per day.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seen } from './slack-transcript.ts';
import { countTable } from './slack-transcript.ts';
import { buttonOn, buttonsOf, coreAction, QuarterDriver } from './quarter-driver.ts';

const CHANNEL = 'C0JEUGD001';
const ANNA = 'U0ANNA0001'; // trekker, starts the network
const BRAM = 'U0BRAM0001'; // procesbegeleider, hands it to Eva midway
const VERA = 'U0VERA0001'; // verbindingsfunctionaris
const DIRK = 'U0DIRK0001'; // deelnemer, leaves the channel midway
const EVA = 'U0EVA00001'; // deelnemer, then procesbegeleider
const FRANK = 'U0FRNK0001'; // deelnemer, English
const GRACE = 'U0GRCE0001'; // deelnemer, English; asks to be forgotten at the end
const HUGO = 'U0HUGO0001'; // deelnemer, a guest the bot cannot message directly
const PEOPLE: Array<[string, string]> = [
  [ANNA, 'anna'],
  [BRAM, 'bram'],
  [VERA, 'vera'],
  [DIRK, 'dirk'],
  [EVA, 'eva'],
  [FRANK, 'frank'],
  [GRACE, 'grace'],
  [HUGO, 'hugo'],
];
const NAMES = new Map(PEOPLE);
const ENGLISH = new Set([FRANK, GRACE]);
const at = (iso: string) => new Date(iso);
const mention = (id: string) => `<@${id}|${NAMES.get(id)}>`;

let d: QuarterDriver;

/** What people do with what reaches them at a due moment: answer reminders, mark tasks, vote. */
async function people(seen: Seen[]): Promise<void> {
  for (const s of seen) {
    if (s.via !== 'dm' || !NAMES.has(s.to)) continue;
    const yes = buttonOn(s, 'session.rsvp.yes');
    if (yes && s.to !== DIRK) {
      // Frank cannot come; everyone else can.
      const button = s.to === FRANK ? buttonOn(s, 'session.rsvp.no')! : yes;
      await d.press(s.to, s, button);
    }
    for (const done of buttonsOf(s.call.body).filter((b) => coreAction(b) === 'nudge.done')) await d.press(s.to, s, done);
    const votes = buttonsOf(s.call.body).filter((b) => coreAction(b) === 'pulse.vote');
    if (votes.length > 0 && s.to !== VERA) {
      const questions = [...new Set(votes.map((b) => b.value.split(':')[2]!))];
      for (const [q, question] of questions.entries()) {
        const score = 2 + ((q + s.to.length + s.to.charCodeAt(3)) % 4);
        await d.press(s.to, s, votes.find((b) => b.value.endsWith(`:${question}:${score}`))!);
      }
    }
  }
}

beforeAll(async () => {
  d = await QuarterDriver.start(CHANNEL, NAMES, at('2027-01-04T08:00:00Z'));
  d.fake.refuseDirect(HUGO, 'restricted_action');
});

afterAll(async () => {
  const file = process.env['LISO_QUARTER_TRANSCRIPT'];
  if (file && d) {
    const lines = d.transcript.seen.map((s) => `## ${s.day} → ${NAMES.get(s.to) ?? s.to} (${s.via})\n${s.text}\n`);
    const counted = (s: Seen) => s.via !== 'update' && s.via !== 'home' && s.via !== 'replace' && s.via !== 'modal' && s.via !== 'file';
    const channel = d.transcript.seen.filter((s) => s.to === CHANNEL && counted(s));
    writeFileSync(
      file,
      `# Slack quarter\n\n${countTable(d.transcript.seen, PEOPLE, counted)}\n\nchannel posts: ${channel.length}\n\n${lines.join('\n')}`,
    );
  }
  await d?.stop();
});

describe('a first quarter on Slack, as its people', () => {
  it('lives the quarter', { timeout: 180_000 }, async () => {
    // Monday 4 January: Anna starts the network and hands out the roles.
    await d.command(ANNA, 'start Jeugdhulp Leiden');
    await d.command(ANNA, `rol procesbegeleider ${mention(BRAM)}`);
    await d.command(ANNA, `rol verbindingsfunctionaris ${mention(VERA)}`);
    await d.command(ANNA, `rol deelnemer ${[DIRK, EVA, FRANK, GRACE, HUGO].map(mention).join(' ')}`);
    await d.command(FRANK, 'taal en');
    await d.command(GRACE, 'taal en');
    await d.command(ANNA, 'sessie 2027-01-28 14:00-17:00 Stadhuis Leiden, zaal 2');
    await d.command(ANNA, 'netwerk');
    await d.open(ANNA, 'home');
    await d.open(FRANK, 'home');
    await d.open(DIRK, 'messages');
    await d.say(DIRK, 'hoe krijg ik de partners weer mee?', 'dm');
    await d.command(FRANK, 'how do we keep participants involved after the kick-off?');
    await d.say(EVA, 'wat doet een verbindingsfunctionaris?', 'mention');

    // The week reminder (21 January), then Anna moves the first session a week.
    await d.walk(at('2027-01-22T09:00:00Z'), people);
    await d.command(ANNA, 'sessie verplaats 2027-01-28 2027-02-04');
    await d.walk(at('2027-02-05T08:30:00Z'), people);

    // Friday 5 February: the pulse on the first session; the second session is planned.
    await d.command(ANNA, 'pulse');
    await people(d.transcript.seen.filter((s) => s.day === '2027-02-05' && buttonOn(s, 'pulse.vote')));
    await d.command(ANNA, 'sessie 2027-03-04 14:00-16:30 Buurthuis De Kooi');
    // Bram hands the procesbegeleider role to Eva.
    await d.walk(at('2027-02-08T09:00:00Z'), people);
    await d.command(BRAM, `rol procesbegeleider ${mention(EVA)}`);
    await d.command(BRAM, `rol weg procesbegeleider ${mention(BRAM)}`);
    await d.command(ANNA, `rol deelnemer ${mention(BRAM)}`);
    // Dirk leaves the channel (Slack tells apps subscribed to member_left_channel).
    await d.walk(at('2027-02-10T10:00:00Z'), people);
    await d.leave(DIRK);
    await d.walk(at('2027-02-11T09:30:00Z'), people);
    await d.command(ANNA, `rol weg deelnemer ${mention(DIRK)}`);
    await d.walk(at('2027-02-15T07:00:00Z'), people);

    // A redeploy mid-quarter: a new app on the same store file.
    await d.restart();
    // Buttons from before the restart: Grace's reminder of a session that has been held.
    const oldReminder = d.transcript.seen.find((s) => s.to === GRACE && s.day === '2027-02-04' && buttonOn(s, 'session.rsvp.no'))!;
    await d.press(GRACE, oldReminder, buttonOn(oldReminder, 'session.rsvp.no')!);
    await d.walk(at('2027-02-25T09:00:00Z'), people);
    // Frank answers on the reminder posted in the channel for Hugo, and Eva presses "Ik kom" twice.
    const forHugo = d.transcript.seen.filter((s) => s.to === CHANNEL && buttonOn(s, 'session.rsvp.yes')).at(-1)!;
    await d.press(FRANK, forHugo, buttonOn(forHugo, 'session.rsvp.yes')!);
    const evaReminder = d.transcript.seen.filter((s) => s.to === EVA && s.via === 'dm' && buttonOn(s, 'session.rsvp.yes')).at(-1)!;
    await d.press(EVA, evaReminder, buttonOn(evaReminder, 'session.rsvp.yes')!);
    await d.press(EVA, evaReminder, buttonOn(evaReminder, 'session.rsvp.yes')!);
    await d.walk(at('2027-02-26T09:00:00Z'), people);

    // The second session cannot go ahead on 4 March: cancelled, and planned on 11 March.
    await d.command(EVA, 'sessie annuleer 2027-03-04');
    await d.command(EVA, 'sessie 2027-03-11 14:00-16:30 Buurthuis De Kooi');
    // The week reminder of 11 March: Slack refuses three posts for a while, and the bot restarts
    // before their retry; each still arrives once.
    await d.walk(at('2027-03-04T07:59:00Z'), people);
    d.fake.script('chat.postMessage', ...Array(3).fill({ status: 200, body: { ok: false, error: 'internal_error' } }));
    await d.walk(at('2027-03-04T08:00:00Z'), people);
    await d.restart();
    await d.walk(at('2027-03-12T09:00:00Z'), people);
    // Eva's digest of 1 March offers no "Start de pulse": the pulse on the first session was started
    // on 5 February, so "Ervaring deelnemers navragen" is done (the bot can see it).
    expect(d.transcript.seen.filter((s) => s.to === EVA && s.day === '2027-03-01' && buttonOn(s, 'nudge.done'))).not.toEqual([]);
    expect(d.transcript.seen.filter((s) => s.to === EVA && s.day === '2027-03-01' && buttonOn(s, 'pulse.start'))).toEqual([]);
    await d.command(EVA, 'pulse');
    await people(d.transcript.seen.filter((s) => s.day === '2027-03-12' && buttonOn(s, 'pulse.vote')));
    await d.command(VERA, `vier de wijkteams sturen nu samen door, dankzij ${mention(FRANK)}`);
    const celebration = d.transcript.seen.filter((s) => s.to === CHANNEL && buttonOn(s, 'wins.cheer')).at(-1)!;
    for (const user of [ANNA, FRANK, EVA, FRANK]) await d.press(user, celebration, buttonOn(celebration, 'wins.cheer')!);
    await d.command(ANNA, 'sessie 2027-03-30 10:00-12:00 https://meet.example.org/liso-jeugd');
    await d.command(ANNA, 'sessie 2027-03-30 10:00-12:00 https://meet.example.org/liso-jeugd bevestig');
    await d.walk(at('2027-03-31T09:00:00Z'), people);
    await d.command(ANNA, 'pulse');
    await people(d.transcript.seen.filter((s) => s.day === '2027-03-31' && buttonOn(s, 'pulse.vote')));

    // Grace looks at her data and asks to be forgotten.
    await d.command(GRACE, 'mijn-gegevens');
    const asked = await d.command(GRACE, 'vergeet-mij');
    const confirm = asked.map((s) => buttonOn(s, 'privacy.forget')).find(Boolean);
    expect(confirm).toBeDefined();
    await d.press(GRACE, asked.find((s) => buttonOn(s, 'privacy.forget'))!, confirm!);
    // The leads and an English participant look around at the end of the quarter.
    for (const user of [ANNA, EVA, FRANK]) await d.open(user, 'home');
    for (const text of ['netwerk', 'help']) await d.command(FRANK, text);
    await d.say(FRANK, 'how do we celebrate small wins?', 'dm');
    // Another redeploy while the pulse runs: Vera answers on her invitation from before it.
    await d.restart();
    const invitation = d.transcript.seen.filter((s) => s.to === VERA && s.via === 'dm' && buttonOn(s, 'pulse.vote')).at(-1)!;
    const vote = await d.press(VERA, invitation, buttonOn(invitation, 'pulse.vote', (v) => v.endsWith(':4'))!);
    expect(vote.filter((s) => s.to === VERA && s.via === 'update').map((s) => s.text)).toEqual([expect.stringContaining('[4 ✓]')]);
    // Frank said he could not come, so he got no invitation; he came after all and asks for the questions.
    const offer = (await d.command(FRANK, 'pulse')).find((s) => s.to === FRANK && buttonOn(s, 'pulse.join'))!;
    expect(offer.text).toContain('You said you could not come');
    await d.press(FRANK, offer, buttonOn(offer, 'pulse.join')!);
    // Frank answers the open question in the modal his invitation opens.
    const franks = d.transcript.seen.filter((s) => s.to === FRANK && s.via === 'dm' && buttonOn(s, 'pulse.open')).at(-1)!;
    await d.press(FRANK, franks, buttonOn(franks, 'pulse.open')!);
    const modal = d.fake.callsTo('views.open').at(-1)!.body['view'] as Record<string, any>;
    const field = (modal['blocks'] as Array<{ type: string; block_id: string }>).find((b) => b.type === 'input')!.block_id;
    await d.submit(FRANK, { [field]: 'More time for the case discussion, please.' });
    await d.walk(at('2027-04-09T09:00:00Z'), people);

    const seen = d.transcript.seen;
    const dms = seen.filter((s) => s.via === 'dm');
    // Nothing reached anyone twice, across the restarts and the refused posts.
    const keys = dms.map((s) => `${s.to} ${s.day} ${s.text}`);
    expect(keys.length - new Set(keys).size).toBe(0);
    // The guest got nothing directly; each of his reminders came in the channel, addressed to him.
    expect(dms.filter((s) => s.to === HUGO)).toEqual([]);
    const copies = seen.filter((s) => s.to === CHANNEL && s.text.startsWith(`  (Voor <@${HUGO}>`));
    expect(copies.map((s) => s.day)).toEqual(['2027-01-21', '2027-01-28', '2027-02-04', '2027-02-25', '2027-03-04', '2027-03-11', '2027-03-23', '2027-03-30']);
    // The channel's copies were never redrawn: no update carries a reminder's buttons or an answer to one.
    const rsvp = ['session.rsvp.yes', 'session.rsvp.no', 'session.rsvp.share', 'session.rsvp.anonymous'];
    expect(seen.filter((s) => s.to === CHANNEL && s.via === 'update' && (rsvp.some((id) => buttonOn(s, id)) || s.text.includes(`Voor <@${HUGO}>`)))).toEqual([]);
    // Every reminder in its reader's language: English for Frank and Grace, Dutch for the others.
    for (const s of dms.filter((x) => buttonOn(x, 'session.rsvp.yes') || buttonOn(x, 'session.rsvp.no'))) {
      expect(s.text, s.to).toMatch(ENGLISH.has(s.to) ? /^# (In a week|Today|Tomorrow|In \d+ days): session of/ : /^# (Over een week|Vandaag|Morgen|Over \d+ dagen): sessie van/);
    }
    // Dirk, who left the channel and whose role was taken away on 11 February, got nothing after.
    expect(dms.filter((s) => s.to === DIRK && s.day > '2027-02-11')).toEqual([]);
    // No text reads "undefined" or NaN, and no Slack id is shown outside a mention (but for the
    // person's own id in what the bot stores about them).
    for (const s of seen) {
      expect(s.text, `${s.day} ${s.to}`).not.toMatch(/undefined|NaN|\[object/);
      const shown = s.text.replace(/<@U0[A-Z0-9]+>/g, '').replace(`slack / ${s.to}`, '');
      expect(shown, `${s.day} ${s.to}`).not.toMatch(/\bU0[A-Z0-9]{8}\b/);
    }
  });
});
