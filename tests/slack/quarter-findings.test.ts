// What living a quarter on Slack as its people showed (tests/slack/quarter-on-slack.test.ts), each
// pinned down on its own: a guest the bot cannot message directly, whose reminders go to the channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonOn, QuarterDriver } from './quarter-driver.ts';

const CHANNEL = 'C0GUEST001';
const ANNA = 'U0ANNA0001'; // trekker
const FRANK = 'U0FRNK0001'; // deelnemer, English
const HUGO = 'U0HUGO0001'; // deelnemer, a guest the bot cannot message directly
const NAMES = new Map([
  [ANNA, 'anna'],
  [FRANK, 'frank'],
  [HUGO, 'hugo'],
]);

let d: QuarterDriver;

beforeAll(async () => {
  d = await QuarterDriver.start(CHANNEL, NAMES, new Date('2027-01-04T08:00:00Z'));
  d.fake.refuseDirect(HUGO, 'restricted_action');
  await d.command(ANNA, 'start Jeugdhulp Leiden');
  await d.command(ANNA, `rol deelnemer <@${FRANK}|frank> <@${HUGO}|hugo>`);
  await d.command(FRANK, 'taal en');
  await d.command(ANNA, 'sessie 2027-01-14 14:00-17:00 Stadhuis Leiden');
  await d.walk(new Date('2027-01-07T09:00:00Z'));
});

afterAll(async () => {
  await d?.stop();
});

describe('a reminder posted in the channel for someone the bot cannot message', () => {
  it('takes a press as the presser\'s own answer, privately, and leaves the channel\'s message as it was for everyone', async () => {
    const forHugo = d.transcript.seen.find((s) => s.to === CHANNEL && buttonOn(s, 'session.rsvp.yes'))!;
    expect(forHugo.text).toContain('<@U0HUGO0001>');
    const seen = await d.press(FRANK, forHugo, buttonOn(forHugo, 'session.rsvp.yes')!);
    // Before: chat.update rewrote the shared reminder in Frank's English ("You're coming") for the whole channel.
    expect(seen.filter((s) => s.via === 'update')).toEqual([]);
    const answer = seen.filter((s) => s.to === FRANK && s.via === 'ephemeral');
    expect(answer.map((s) => s.text.split('\n')[0])).toEqual(['# Session of Jeugdhulp Leiden']);
    expect(answer[0]!.text).toContain("You're coming");
    // Hugo answers on the same message, and his answer is his own.
    const hugo = await d.press(HUGO, forHugo, buttonOn(forHugo, 'session.rsvp.no')!);
    expect(hugo.filter((s) => s.via === 'update')).toEqual([]);
    expect(hugo.find((s) => s.to === HUGO)!.text).toContain('Je kunt er deze keer niet bij');
    const network = await d.command(ANNA, 'netwerk');
    expect(network.find((s) => s.to === ANNA)!.text).toContain('Aanmeldingen:* 1 komt, 1 kan niet');
  });
});

describe('a pulse in a network with someone the bot cannot message', () => {
  it('tells the lead how many got the invitation, and that the guest could not be asked', async () => {
    await d.walk(new Date('2027-01-15T09:00:00Z'));
    const seen = await d.command(ANNA, 'pulse');
    // Only Frank is asked: Hugo said "Ik kan niet" for the session (above), so he is not asked about
    // it; a guest who came after all could not be reached either, since a pulse invitation carries a
    // personal ballot and never goes to the channel (tests/slack/pulse-unreached.test.ts).
    expect(seen.filter((s) => s.via === 'dm').map((s) => s.to)).toEqual([FRANK]);
    expect(seen.filter((s) => s.to === CHANNEL)).toEqual([]);
    const answer = seen.find((s) => s.to === ANNA && s.via === 'ephemeral')!.text;
    expect(answer).toContain('De pulse van *Jeugdhulp Leiden* is gestart: 1 persoon kreeg een privébericht.');
    expect(answer).toContain('1 persoon die aangaf niet te kunnen komen, kreeg geen uitnodiging');
  });
});

describe('a member who leaves the network\'s channel', () => {
  it('is reported to the leads once, with the command that takes the role away; a stranger leaving is not', async () => {
    // Before: Slack's member_left_channel was not subscribed, and Frank kept his role, his reminders
    // and his pulse invitations without the leads knowing he had gone.
    const seen = await d.leave(FRANK);
    const notice = seen.filter((s) => s.via === 'dm');
    expect(notice.map((s) => s.to)).toEqual([ANNA]);
    expect(notice[0]!.text).toBe(
      [
        '# frank heeft het kanaal van Jeugdhulp Leiden verlaten',
        'frank heeft nog de rol deelnemer en krijgt dus nog herinneringen en pulse-uitnodigingen. Doet frank niet meer mee, haal de rol dan weg met `/liso rol weg deelnemer @…` en kies frank na de @.',
        '  (Zelf neem ik geen rol weg: wie een kanaal verlaat, wil soms alleen minder meldingen.)',
      ].join('\n'),
    );
    // Leaving again the same day is the same news; a stranger leaving is none, and leaves no record.
    expect(await d.leave(FRANK)).toEqual([]);
    expect(await d.leave('U0STRANGER')).toEqual([]);
    expect(await d.h.app.people.get('slack', 'U0STRANGER')).toBeUndefined();
    expect(await d.h.app.directory.rolesOf((await d.h.app.directory.all())[0]!.id, FRANK)).toEqual(['deelnemer']);
  });
});

describe('a trekker whose preparation digests go to the channel', () => {
  const BRAM = 'U0BRAM0001'; // procesbegeleider
  let e: QuarterDriver;
  beforeAll(async () => {
    e = await QuarterDriver.start('C0DIGEST01', new Map([[ANNA, 'anna'], [BRAM, 'bram']]), new Date('2027-01-04T08:00:00Z'));
    e.fake.refuseDirect(ANNA, 'restricted_action');
    await e.command(ANNA, 'start Jeugdhulp Leiden');
    await e.command(ANNA, `rol procesbegeleider <@${BRAM}|bram>`);
    await e.command(ANNA, 'sessie 2027-02-11 14:00-17:00 Stadhuis Leiden');
  });
  afterAll(async () => {
    await e?.stop();
  });
  const channelDigest = (day: string) => e.transcript.seen.find((s) => s.to === 'C0DIGEST01' && s.via === 'channel' && s.day === day && buttonOn(s, 'nudge.done'))!;

  it('keeps the other tasks and their buttons when the procesbegeleider marks one of them there', async () => {
    await e.walk(new Date('2027-01-05T09:00:00Z'));
    const digest = channelDigest('2027-01-05');
    expect(digest.text).toContain('Verkennende gesprekken en startnotitie');
    expect(digest.text).toContain('Uitnodigingen eerste sessie versturen');
    const seen = await e.press(BRAM, digest, buttonOn(digest, 'nudge.done')!);
    // Before: the channel's message became the one line "Verkennende gesprekken en startnotitie: ✅ Gedaan door bram".
    const update = seen.find((s) => s.via === 'update')!;
    expect(update.call.body['channel']).toBe('C0DIGEST01');
    expect(update.text).toContain('*Verkennende gesprekken en startnotitie*: ✅ Gedaan door bram');
    expect(update.text).toContain('*Uitnodigingen eerste sessie versturen*: Nodig de deelnemers uit');
    expect(buttonOn(update.call, 'nudge.done')).toBeDefined();
  });

  it('redraws the trekker\'s digest there, not the procesbegeleider\'s own of that day', async () => {
    await e.walk(new Date('2027-01-28T09:00:00Z'));
    const digest = channelDigest('2027-01-28');
    expect(digest.text).toContain('Agenda eerste sessie delen');
    const own = e.transcript.seen.find((s) => s.to === BRAM && s.via === 'dm' && s.day === '2027-01-28')!;
    expect(own.text).toContain('Werkvorm voor de kennismaking kiezen');
    const seen = await e.press(BRAM, digest, buttonOn(digest, 'nudge.done')!);
    // Before: the channel's copy of Anna's digest was replaced by Bram's own digest of the day.
    const update = seen.find((s) => s.via === 'update')!;
    expect(update.call.body['channel']).toBe('C0DIGEST01');
    expect(update.text).toContain('*Agenda eerste sessie delen*: ✅ Gedaan door bram');
    expect(update.text).not.toContain('Werkvorm voor de kennismaking kiezen');
  });
});
