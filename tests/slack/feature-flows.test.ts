// The feature flows end to end in Slack: signed slash commands and button presses into real Bolt,
// the real core on a simulated clock, and every message checked as the fake Slack Web API got it.
// A quarter of nudges, a pulse with five voters and a win with its cheers (advice: slack-commands).
import { decodeActionId } from '../../adapters/slack/action-ids.ts';
import { describe, expect, it, vi } from 'vitest';
import type { SimulatedClock } from '../../src/core/clock.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';
import type { FakeSlack, RecordedCall } from './fake-slack-api.ts';
import { fixture } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, useSlackHarness } from './slack-harness.ts';
import { addHeldSession } from '../nudges/nudge-harness.ts';

const ANNA = 'U0ANNA0001'; // the user of the slash-command fixture; she starts each network (trekker)
const BRAM = 'U0BRAM0001';
const SANNE = 'U0SANN0001';
const NAMES = new Map<string, string>([
  [ANNA, 'anna'],
  [BRAM, 'bram'],
  [SANNE, 'sanne'],
]);

interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}

/** The direct conversation FakeSlack's conversations.open gives a user (U0X… → D0X…). */
const dmOf = (userId: string) => `D${userId.slice(1)}`;

/** Every button of a Slack message body, in order. */
function buttonsOf(body: Record<string, any>): SlackButton[] {
  return ((body['blocks'] ?? []) as Array<{ type: string; elements?: SlackButton[] }>).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** The core action id of a Slack action_id (the adapter adds "~position", and "p<page>" on a message sent in pages). */
const coreAction = (button: SlackButton) => decodeActionId(button.action_id);

function buttonFor(body: Record<string, any>, actionId: string, value: (v: string) => boolean = () => true): SlackButton {
  const button = buttonsOf(body).find((b) => coreAction(b) === actionId && value(b.value));
  if (!button) throw new Error(`no ${actionId} button in ${allText(body['blocks']).slice(0, 200)}`);
  return button;
}

/** Where a posted message is, from what FakeSlack answered. */
function placeOf(call: RecordedCall): { channel: string; ts: string } {
  const answer = call.response as { channel: string; ts: string };
  return { channel: answer.channel, ts: answer.ts };
}

/** Everything a call carried to Slack (text, blocks, file content), for content checks. */
const carried = (call: RecordedCall) => allText(call.body);

interface Driver {
  h: SlackHarness;
  fake: FakeSlack;
  clock: SimulatedClock;
  /** `/liso <text>` by a user in the network channel; resolves when the core is done with it. */
  command(text: string, user?: string): Promise<{ responseUrl: string }>;
  /** A user presses a button on a message; resolves when the core is done with it. */
  press(user: string, where: { channel: string; ts: string }, button: SlackButton): Promise<{ responseUrl: string }>;
  /** Moves the clock from due moment to due moment up to `until`, ticking the bot at each. */
  walk(until: Date, onMoment?: (calls: RecordedCall[], at: Date) => Promise<void>): Promise<void>;
}

let presses = 0;

/**
 * A harness of its own for a describe block, with its network in `channel`. Bolt acknowledges a
 * request before the core works on it, so the driver counts the core's handle calls and waits
 * for them to finish: each step starts from a settled state, without sleeping.
 */
function useDriver(channel: string): () => Driver {
  let driver: Driver | undefined;
  useSlackHarness((fake, h) => {
    const bot = h.app.bot;
    const handle = bot.handle.bind(bot);
    const running = new Set<Promise<void>>();
    let started = 0;
    bot.handle = (event, responder) => {
      started++;
      const work = handle(event, responder);
      running.add(work);
      const done = () => void running.delete(work);
      work.then(done, done);
      return work;
    };
    async function settled(expected: number): Promise<void> {
      await vi.waitFor(
        () => {
          if (started < expected) throw new Error('the core has not received the request yet');
        },
        { timeout: 5_000, interval: 10 },
      );
      while (running.size > 0) await Promise.allSettled([...running]);
    }
    const clock = h.app.clock as SimulatedClock;
    driver = {
      h,
      fake,
      clock,
      async command(text, user = ANNA) {
        const expected = started + 1;
        const { status, responseUrl } = await h.command(text, { user, userName: NAMES.get(user) ?? user, channel, channelName: 'jeugd' });
        expect(status).toBe(200);
        await settled(expected);
        return { responseUrl };
      },
      async press(user, where, button) {
        const responseUrl = fake.responseUrl();
        const name = NAMES.get(user) ?? user;
        const payload = {
          ...fixture('block-actions.json'),
          user: { id: user, username: name, name, team_id: 'T0001ABCD' },
          trigger_id: `flow-press-${++presses}`,
          response_url: responseUrl,
          container: { type: 'message', message_ts: where.ts, channel_id: where.channel, is_ephemeral: false },
          channel: { id: where.channel, name: where.channel.startsWith('D') ? 'directmessage' : 'jeugd' },
          message: { type: 'message', subtype: 'bot_message', ts: where.ts, text: '', blocks: [] },
          actions: [{ action_id: button.action_id, value: button.value, type: 'button', text: button.text, action_ts: '1700000010.123456' }],
        };
        const expected = started + 1;
        expect(await h.interact(payload)).toBe(200);
        await settled(expected);
        return { responseUrl };
      },
      async walk(until, onMoment) {
        const tickAt = async (at: Date) => {
          const before = fake.calls.length;
          await bot.tick(at);
          if (onMoment) await onMoment(fake.calls.slice(before), at);
        };
        for (let step = 0; step < 2_000; step++) {
          const due = await bot.nextDue(clock.now());
          if (!due || due > until) break;
          if (due > clock.now()) clock.set(due);
          await tickAt(clock.now());
        }
        if (until > clock.now()) clock.set(until);
        await tickAt(clock.now());
      },
    };
  });
  return () => driver!;
}

/** The private answer that came back through a response_url. */
function answerAt(fake: FakeSlack, responseUrl: string): RecordedCall {
  const target = responseUrl.split('/').pop();
  const answer = fake.callsTo('response_url').find((c) => c.target === target);
  if (!answer) throw new Error(`no answer through ${responseUrl}`);
  return answer;
}

/** Messages posted into a user's direct conversation. */
const directPosts = (calls: RecordedCall[], userId: string) => calls.filter((c) => c.method === 'chat.postMessage' && (c.body['channel'] === dmOf(userId) || c.body['channel'] === userId));

// ---------------------------------------------------------------------------------------------

// The handbook table (weeks before a Thursday 8 April 2027 session), at 09:00 Amsterdam time.
const QUARTER: Array<[task: string, to: string, at: string]> = [
  ['notulen', BRAM, '2027-01-14T08:00:00.000Z'],
  ['geleerde-lessen', ANNA, '2027-01-14T08:00:00.000Z'],
  ['uitnodigingen', BRAM, '2027-01-14T08:00:00.000Z'],
  ['ervaring-deelnemers', BRAM, '2027-01-14T08:00:00.000Z'],
  ['voortgang', ANNA, '2027-01-28T08:00:00.000Z'],
  ['afstemmen-partners', ANNA, '2027-02-11T08:00:00.000Z'],
  ['afstemmen-organisaties', ANNA, '2027-02-11T08:00:00.000Z'],
  ['agenda', ANNA, '2027-02-25T08:00:00.000Z'],
  ['draaiboek', BRAM, '2027-02-25T08:00:00.000Z'],
  ['werkvormen', BRAM, '2027-03-11T08:00:00.000Z'],
  ['nieuwe-deelnemers', ANNA, '2027-03-11T08:00:00.000Z'],
  ['ervaringsdeskundigen', BRAM, '2027-03-11T08:00:00.000Z'],
  ['actiepunten', BRAM, '2027-03-25T08:00:00.000Z'],
  ['catering', BRAM, '2027-03-25T08:00:00.000Z'],
  ['presentatie', ANNA, '2027-03-25T08:00:00.000Z'],
];

describe('Slack: a quarter of nudges', () => {
  const d = useDriver('C0NUD00001');

  it('delivers every preparation nudge once as a Block Kit DM to its role, and a pressed Gedaan updates it', async () => {
    const { fake, clock } = d();
    await d().command('start Jeugd');
    await d().command(`rol procesbegeleider <@${BRAM}|bram>`);
    await d().command(`rol deelnemer <@${SANNE}|sanne>`);
    // The network met before, so the session gets the regular timeline, not the first-session plan.
    await addHeldSession(d().h, (await d().h.app.directory.all())[0]!.id, '2026-12-10');
    await d().command('sessie 2027-04-08 14:00');
    expect(clock.now().toISOString()).toBe('2027-01-04T08:00:00.000Z');

    const nudges: Array<{ task: string; to: string; at: string; post: RecordedCall }> = [];
    const doneUpdates: RecordedCall[] = [];
    await d().walk(new Date('2027-04-09T00:00:00Z'), async (calls, at) => {
      for (const post of calls.filter((c) => c.method === 'chat.postMessage')) {
        const dones = buttonsOf(post.body).filter((b) => coreAction(b) === 'nudge.done');
        if (dones.length === 0) continue;
        const to = [ANNA, BRAM, SANNE].find((user) => post.body['channel'] === dmOf(user)) ?? String(post.body['channel']);
        // The person answers every line at once: each Gedaan redraws the digest they pressed it on.
        const place = placeOf(post);
        for (const done of dones) {
          nudges.push({ task: done.value.split(':')[1]!, to, at: at.toISOString(), post });
          const before = fake.callsTo('chat.update').length;
          await d().press(to, place, done);
          const updates = fake.callsTo('chat.update').slice(before);
          expect(updates.map((u) => [u.body['channel'], u.body['ts']])).toEqual([[place.channel, place.ts]]);
          expect(allText(updates[0]!.body['blocks'])).toContain(`✅ Gedaan door ${NAMES.get(to)}`);
          doneUpdates.push(updates[0]!);
        }
        expect(buttonsOf(doneUpdates.at(-1)!.body)).toEqual([]);
      }
    });

    // Each task once, to the person holding its role, on its day at 09:00; nothing else had buttons.
    const sorted = (rows: string[][]) => rows.map((r) => r.join(' ')).sort();
    expect(sorted(nudges.map((n) => [n.task, n.to, n.at]))).toEqual(sorted(QUARTER));
    expect(doneUpdates).toHaveLength(QUARTER.length);
    for (const { post, task } of nudges) {
      expect(post.body['blocks'][0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
      expect(post.body['text'], task).toMatch(/^Je voorbereiding voor vandaag: /);
      expect(post.body['link_names']).toBeUndefined();
    }
    // Direct messages went to the user ids (the leads for their tasks, Sanne for her session
    // reminders), later ones to the conversation Slack answered with; none was opened first.
    expect(fake.callsTo('conversations.open')).toHaveLength(0);
    expect([...new Set(fake.callsTo('chat.postMessage').map((c) => String(c.body['channel'])).filter((id) => id.startsWith('U')))].sort()).toEqual([ANNA, BRAM, SANNE]);
    // With every task answered there is no second round: a week before, only the overview.
    const overview = directPosts(fake.calls, ANNA).filter((c) => carried(c).includes('Nog een week tot de sessie'));
    expect(overview).toHaveLength(1);
    expect(carried(overview[0]!).replace(/\*/g, '')).toContain('Nog open: geen');
    // A participant gets the session's reminders, a week before and on the day, and nothing else.
    expect(directPosts(fake.calls, SANNE).map((c) => String(c.body['text']))).toEqual(['Over een week: sessie van Jeugd', 'Vandaag: sessie van Jeugd']);
  });

  it('uploads the .ics invitation of "Uitnodigingen volgende sessie versturen" into the DM it came with', () => {
    const { fake } = d();
    const invitation = directPosts(fake.calls, BRAM).find((c) => carried(c).includes('Uitnodigingen volgende sessie versturen'))!;
    expect(carried(invitation)).toContain('.ics');
    // The first upload is the invitation's (14 January); each of the three role holders' week reminders carries
    // its own, their reminders on the day none (they have it).
    const urls = fake.callsTo('files.getUploadURLExternal');
    expect(urls.map((c) => c.body['filename'])).toEqual(Array(4).fill('sessie-jeugd-2027-04-08.ics'));
    const complete = fake.callsTo('files.completeUploadExternal');
    expect(complete).toHaveLength(4);
    expect(complete[0]!.body['channel_id']).toBe(dmOf(BRAM));
    // The file itself went to the upload URL Slack handed out, and is the session's calendar entry.
    const fileId = (urls[0]!.response as { file_id: string }).file_id;
    const upload = fake.callsTo('upload').find((c) => c.target === fileId)!;
    expect(carried(upload)).toMatch(/BEGIN:VCALENDAR[\s\S]*DTSTART:20270408T120000Z/);
    expect(fake.calls.indexOf(upload)).toBeGreaterThan(fake.calls.indexOf(invitation));
  });
});

// ---------------------------------------------------------------------------------------------

const VOTERS = ['U0PART0001', 'U0PART0002', 'U0PART0003', 'U0PART0004', 'U0PART0005'];
const VOTER_NAMES = ['ilse_vdb', 'joost_k', 'karin_m', 'lotte_p', 'mirjam_s'];
VOTERS.forEach((id, i) => NAMES.set(id, VOTER_NAMES[i]!));
/** Each voter's final score for the question at a position: 2-5, a different mix per question. */
const scoreOf = (voter: number, question: number) => 2 + ((voter + question) % 4);

describe('Slack: a pulse with five voters', () => {
  const d = useDriver('C0PUL00001');
  let invites = new Map<string, RecordedCall>();
  let questionIds: string[] = [];

  it('starts after a held session: the trekker runs /liso pulse and each participant gets a DM with score buttons', async () => {
    const { fake, clock } = d();
    await d().command('start Jeugd');
    await d().command(`rol procesbegeleider <@${BRAM}|bram>`);
    await d().command(`rol deelnemer ${VOTERS.map((id) => `<@${id}|${NAMES.get(id)}>`).join(' ')}`);
    await d().command('sessie 2027-01-07 14:00');
    await d().walk(new Date('2027-01-08T09:00:00Z'));
    const before = fake.calls.length;

    const { responseUrl } = await d().command('pulse');
    expect(carried(answerAt(fake, responseUrl))).toMatch(/5 mensen kregen een privébericht/);
    const sent = fake.calls.slice(before);
    for (const voter of VOTERS) {
      const posts = directPosts(sent, voter);
      expect(posts, voter).toHaveLength(1);
      invites.set(voter, posts[0]!);
    }
    // The leads start and read the pulse; they are not asked.
    expect(directPosts(sent, ANNA).concat(directPosts(sent, BRAM)).filter((c) => buttonsOf(c.body).some((b) => coreAction(b) === 'pulse.vote'))).toEqual([]);
    const votes = buttonsOf(invites.get(VOTERS[0]!)!.body).filter((b) => coreAction(b) === 'pulse.vote');
    // A vote button's value is `<pulse>:<ballot token>:<question>:<score>`; each voter's token differs.
    questionIds = [...new Set(votes.map((b) => b.value.split(':')[2]!))];
    const tokens = VOTERS.map((voter) => buttonsOf(invites.get(voter)!.body).find((b) => coreAction(b) === 'pulse.vote')!.value.split(':')[1]);
    expect(new Set(tokens).size).toBe(VOTERS.length);
    expect(questionIds.length).toBeGreaterThanOrEqual(3);
    expect(votes).toHaveLength(questionIds.length * 5);
    // Slack needs unique action_ids within a message.
    expect(new Set(buttonsOf(invites.get(VOTERS[0]!)!.body).map((b) => b.action_id)).size).toBe(buttonsOf(invites.get(VOTERS[0]!)!.body).length);
    expect(clock.now().toISOString()).toBe('2027-01-08T09:00:00.000Z');
  });

  it('takes each press in the voter\'s own DM, marks their choice there, and shows no result before the close', async () => {
    const { fake } = d();
    const firstVote = fake.calls.length;
    // A press claimed in the store (Slack's request, the core's event) would keep when and how
    // often each voter pressed for an hour: a pulse answer is traceless (tests/privacy/traceless-press).
    const claims = () => (d().h.app.store as MemoryStore).dump().filter((e) => /^(slack:seen|event):/.test(e.key)).length;
    const claimsBefore = claims();
    for (const [v, voter] of VOTERS.entries()) {
      const invite = invites.get(voter)!;
      const place = placeOf(invite);
      expect(place.channel).toBe(dmOf(voter));
      // The first voter changes her mind on the first question: only the last press counts.
      if (v === 0) await d().press(voter, place, buttonFor(invite.body, 'pulse.vote', (value) => value.endsWith(`:${questionIds[0]}:1`)));
      for (const [q, questionId] of questionIds.entries()) {
        const score = scoreOf(v, q);
        const before = fake.callsTo('chat.update').length;
        await d().press(voter, place, buttonFor(invite.body, 'pulse.vote', (value) => value.endsWith(`:${questionId}:${score}`)));
        const [update, ...more] = fake.callsTo('chat.update').slice(before);
        expect(more).toEqual([]);
        expect([update!.body['channel'], update!.body['ts']]).toEqual([place.channel, place.ts]);
        expect(buttonFor(update!.body, 'pulse.vote', (value) => value.endsWith(`:${questionId}:${score}`)).text.text).toBe(`${score} ✓`);
      }
    }
    // Every answer went back only into the voter's own conversation (never an error or a channel post).
    const duringVoting = fake.calls.slice(firstVote);
    expect(duringVoting.map((c) => c.method).filter((m) => m !== 'chat.update')).toEqual([]);
    expect(claims()).toBe(claimsBefore);

    // Before the close even the trekker sees no result, and no result went anywhere.
    const { responseUrl } = await d().command('pulse resultaten');
    const answer = carried(answerAt(fake, responseUrl));
    expect(answer).toMatch(/Er loopt een pulse tot/);
    // The leads see how many answered (a count, never who), and nothing more.
    expect(answer).toMatch(/5 van 5 hebben gereageerd\. De uitslag komt na het sluiten/);
    expect(fake.calls.filter((c) => carried(c).includes('Uitslag pulse'))).toEqual([]);
  });

  it('after seven days sends the trekker and procesbegeleider the distribution, with no voter next to an answer', async () => {
    const { fake, clock } = d();
    const startedAt = clock.now();
    const before = fake.calls.length;
    await d().walk(new Date(startedAt.getTime() + 6 * 24 * 3_600_000));
    expect(fake.calls.slice(before).filter((c) => carried(c).includes('Uitslag pulse'))).toEqual([]);
    // The bot cannot tell who answered, so every voter got the one reminder, without buttons.
    const reminders = fake.calls.slice(before).filter((c) => carried(c).includes('Herinnering: pulse'));
    expect(reminders.map((c) => c.body['channel']).sort()).toEqual(VOTERS.map(dmOf).sort());
    for (const reminder of reminders) expect(buttonsOf(reminder.body)).toEqual([]);
    await d().walk(new Date(startedAt.getTime() + 7 * 24 * 3_600_000 + 60_000));
    const afterClose = fake.calls.slice(before);

    const results = afterClose.filter((c) => carried(c).includes('Uitslag pulse'));
    expect(results.map((c) => [c.method, c.body['channel']]).sort()).toEqual([
      ['chat.postMessage', dmOf(ANNA)],
      ['chat.postMessage', dmOf(BRAM)],
    ]);
    for (const result of results) {
      const text = carried(result);
      expect(text.replace(/\*/g, '')).toContain('5 van de 5 genodigden deden mee');
      // Per statement, in the order asked, the count of each score from 5 down to 1.
      const bars = [...text.matchAll(/`([1-5]) [█░]{10}` (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const expected = questionIds.flatMap((_id, q) =>
        [5, 4, 3, 2, 1].map((score) => [score, VOTERS.filter((_v, v) => scoreOf(v, q) === score).length]),
      );
      expect(bars).toEqual(expected);
      expect(result.body['blocks'].length).toBeLessThanOrEqual(50);
    }
    // Nothing Slack received after the voting ties an answer to a voter: no id, no name.
    for (const call of afterClose) {
      for (const [v, voter] of VOTERS.entries()) {
        expect(carried(call)).not.toContain(voter);
        expect(carried(call)).not.toContain(VOTER_NAMES[v]);
      }
    }
    // And what the trekker can ask for afterwards is the same tally, again without anyone's name.
    const { responseUrl } = await d().command('pulse resultaten');
    const later = carried(answerAt(fake, responseUrl));
    expect(later).toContain('Uitslag pulse');
    for (const voter of VOTERS) expect(later).not.toContain(voter);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Slack: a win', () => {
  const d = useDriver('C0WIN00001');
  let celebration: RecordedCall;

  it('celebrates in the channel, pings the named person by id only, and never a channel-wide mention', async () => {
    const { fake } = d();
    await d().command('start Jeugd');
    await d().command(`rol deelnemer <@${SANNE}|sanne>`);
    await d().command(`rol procesbegeleider <@${BRAM}|bram>`);
    const before = fake.calls.length;
    // Slack sends a picked @channel/@everyone as a token, and a typed "<!here>" as entities.
    await d().command(`vier we hebben de eerste casus besproken met <@${SANNE}|sanne> <!channel> <!everyone> &lt;!here&gt; <!subteam^S0TEAM|@team>`);
    const posts = fake.calls.slice(before).filter((c) => c.method === 'chat.postMessage');
    expect(posts.map((c) => c.body['channel'])).toEqual(['C0WIN00001']);
    celebration = posts[0]!;
    const text = carried(celebration);
    expect(text).toContain('we hebben de eerste casus besproken met sanne');
    expect(text).toContain(`<@${SANNE}>`);
    // The author is named, not pinged.
    expect(text).not.toContain(`<@${ANNA}>`);
    for (const call of fake.calls.slice(before)) {
      expect(carried(call)).not.toMatch(/<!(channel|here|everyone|subteam)/);
      expect(call.body['link_names']).toBeUndefined();
    }
    expect(buttonFor(celebration.body, 'wins.cheer').text.text).toBe('🎉 Mooi!');
  });

  it('counts "🎉 Mooi!" once per person: two people (one pressing twice) make 2, shown through chat.update', async () => {
    const { fake } = d();
    const place = placeOf(celebration);
    const cheer = buttonFor(celebration.body, 'wins.cheer');
    const before = fake.callsTo('chat.update').length;
    await d().press(SANNE, place, cheer);
    await d().press(BRAM, place, cheer);
    const { responseUrl } = await d().press(SANNE, place, cheer);
    const updates = fake.callsTo('chat.update').slice(before);
    expect(updates.map((u) => [u.body['channel'], u.body['ts']])).toEqual([
      [place.channel, place.ts],
      [place.channel, place.ts],
    ]);
    expect(updates.map((u) => buttonFor(u.body, 'wins.cheer').text.text)).toEqual(['🎉 Mooi! (1)', '🎉 Mooi! (2)']);
    expect(carried(updates[1]!)).toContain(`<@${SANNE}>`);
    // The repeat press is answered privately, and the count stays at 2.
    const answer = answerAt(fake, responseUrl);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(carried(answer)).toMatch(/al mooi/);
  });
});
