// Every feature through Teams end to end: a quarter of preparation nudges by personal chat, a pulse with
// five voters, an advice question with its buttons, a win in the channel, and proactive messages to people
// with and without the app installed.
import { describe, expect, it } from 'vitest';
import { TaskStates } from '../../src/features/nudges/task-states.ts';
import { addHeldSession } from '../nudges/nudge-harness.ts';
import type { RecordedCall } from './fake-bot-connector.ts';
import { personalConversationId } from './fake-bot-connector.ts';
import { CHANNEL, cardActions, cardText, people, useTeamsHarness } from './teams-harness.ts';
import type { Person, TeamsHarness } from './teams-harness.ts';

let h: TeamsHarness;
useTeamsHarness((harness) => (h = harness));

const personal = { kind: 'personal' } as const;
const channel = { kind: 'channel' } as const;
const cardsOf = (call: RecordedCall): any[] => (call.body?.attachments ?? []).filter((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a: any) => a.content);
const posts = (conversationId: string) => h.fake.sent(conversationId).filter((c) => c.method === 'POST');
const personalPosts = (person: Person) => posts(personalConversationId(person.id));
const channelPosts = () => posts(CHANNEL);
const textOf = (call: RecordedCall) => cardsOf(call).map(cardText).join('\n');
const actionsOf = (call: RecordedCall) => cardsOf(call).flatMap(cardActions);

/** The activity id the fake gave a posted message (what Teams puts in replyToId of a press on it). */
const activityIdOf = (call: RecordedCall): string => call.response.id;

async function install(...who: Person[]): Promise<void> {
  for (const person of who) await h.deliver(h.personalInstall(person));
}

async function walkUntil(until: Date): Promise<void> {
  for (let step = 0; step < 2_000; step++) {
    const due = await h.t.app.bot.nextDue(h.t.clock.now());
    if (!due || due > until) break;
    if (due > h.t.clock.now()) h.t.clock.set(due);
    await h.t.app.bot.tick(h.t.clock.now());
  }
  h.t.clock.set(until);
  await h.t.app.bot.tick(h.t.clock.now());
}

/** Presses a card's Action.Execute as `as`, on the message `call` (in the conversation it was posted to). */
async function press(call: RecordedCall, title: string | RegExp, as: Person, extra: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const action = actionsOf(call).find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  if (!action) throw new Error(`no button ${title} in ${JSON.stringify(actionsOf(call).map((a) => a.title))}`);
  const conversationId = decodeURIComponent(/conversations\/([^/]+)\/activities/.exec(call.path)![1]!);
  const where = conversationId.startsWith('a:') ? personal : channel;
  return h.deliver(h.press({ ...action.data, ...extra }, as, where, activityIdOf(call)));
}

async function setUpNetwork(session = '2027-04-08 14:00'): Promise<void> {
  await h.deliver(h.message('start Jeugd', people.anna, channel));
  await h.deliver(h.message('rol procesbegeleider <at>Bram Jansen</at>', people.anna, channel, [people.bram]));
  await h.deliver(h.message('rol deelnemer <at>Sanne Bakker</at>', people.anna, channel, [people.sanne]));
  // The network met before, so the session gets the regular timeline, not the first-session plan.
  await addHeldSession(h.t, (await h.t.app.directory.all())[0]!.id, '2026-12-10');
  await h.deliver(h.message(`sessie ${session}`, people.anna, channel));
}

describe('commands in Teams', () => {
  it('adding the app for yourself brings one introduction, however often Teams reports it', async () => {
    await install(people.anna);
    const introduction = personalPosts(people.anna);
    expect(textOf(introduction[0]!)).toContain('Ik ben liso-bot');
    expect(introduction.flatMap(actionsOf).length).toBeGreaterThan(0);
    await install(people.anna);
    expect(personalPosts(people.anna)).toHaveLength(introduction.length);
  });

  it('a channel @mention and a personal chat are both commands; announcements go to the channel, private answers to the personal chat', async () => {
    await install(people.anna);
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    expect(channelPosts().map(textOf).join('\n')).toContain('Jeugd');
    // A channel reaches the bot by mention only: the next steps say so, no slash command Teams has not got.
    expect(textOf(channelPosts().at(-1)!)).toContain('_@liso-bot rol procesbegeleider @naam_');
    expect(textOf(channelPosts().at(-1)!)).not.toContain('/liso');
    await h.deliver(h.message('rol procesbegeleider <at>Bram Jansen</at>', people.anna, channel, [people.bram]));
    const roleAnnouncement = channelPosts().at(-1)!;
    // Bram is mentioned on purpose: one entity, with his Teams id.
    expect(cardsOf(roleAnnouncement)[0].msteams.entities).toEqual([{ type: 'mention', text: '<at>Bram Jansen</at>', mentioned: { id: people.bram.id, name: 'Bram Jansen' } }]);
    const before = channelPosts().length;
    await h.deliver(h.message('mijn-gegevens', people.anna, channel));
    // A private answer never lands in the channel.
    expect(channelPosts()).toHaveLength(before);
    expect(textOf(personalPosts(people.anna).at(-1)!)).toContain('Anna de Vries');
    await h.deliver(h.message('/liso netwerk', people.anna, personal));
    expect(textOf(personalPosts(people.anna).at(-1)!)).toContain('Bram Jansen');
  });

  it('someone without the app gets a note in the channel naming them and nothing of the private answer', async () => {
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message('mijn-gegevens', people.sanne, channel));
    const note = channelPosts().at(-1)!;
    expect(textOf(note)).toContain('Open een chat met mij');
    expect(textOf(note)).not.toContain('1anna');
    expect(cardsOf(note)[0].msteams.entities).toEqual([{ type: 'mention', text: '<at>Sanne Bakker</at>', mentioned: { id: people.sanne.id, name: 'Sanne Bakker' } }]);
    // The note is a reply in the thread of the command, the personal chat was tried once and refused.
    expect(h.fake.calls.filter((c) => c.path === '/teams/v3/conversations').map((c) => c.status)).toEqual([403]);
  });
});

describe('a quarter of nudges on Teams', () => {
  it('sends every preparation nudge once to the personal chat; "Gedaan" replaces the card; the invitation comes as a file to accept', async () => {
    await install(people.anna, people.bram);
    await setUpNetwork();
    const setupCalls = h.fake.calls.length;
    // On the day of the first digests Bram answers the invitation's file offer (a waiting file
    // expires within a day) and presses Gedaan (a digest is redrawn for a few days), on the app's clock.
    await walkUntil(new Date('2027-01-14T12:00:00Z'));
    const early = h.fake.calls.slice(setupCalls).filter((c) => c.method === 'POST' && actionsOf(c).some((a) => a.data?.lisoAction === 'nudge.done'));
    // The calendar invitation: offered as a file in Bram's personal chat, uploaded when he allows it.
    const consent = h.fake.calls.find((c) => c.body?.attachments?.[0]?.contentType === 'application/vnd.microsoft.teams.card.file.consent')!;
    expect(consent.path).toContain(personalConversationId(people.bram.id));
    const offer = consent.body.attachments[0];
    expect(offer.name).toBe('sessie-jeugd-2027-04-08.ics');
    const accept = {
      ...h.base('invoke', people.bram, personal),
      name: 'fileConsent/invoke',
      value: { type: 'fileUpload', action: 'accept', context: offer.content.acceptContext, uploadInfo: { name: offer.name, uploadUrl: `${h.fake.url}/upload/${offer.name}`, contentUrl: 'https://onedrive.example/sessie.ics', uniqueId: 'u1', fileType: 'ics' } },
    };
    // Someone else cannot take Bram's file (Anna answers from her own chat with his card's context).
    await h.deliver({ ...h.base('invoke', people.anna, personal), name: 'fileConsent/invoke', value: accept.value });
    expect(h.fake.uploads.size).toBe(0);
    expect((await h.deliver(accept)).status).toBe(200);
    expect(h.fake.uploads.get('sessie-jeugd-2027-04-08.ics')).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*DTSTART:20270408T120000Z/);
    expect(h.fake.sent(personalConversationId(people.bram.id)).at(-1)!.body.attachments[0].contentType).toBe('application/vnd.microsoft.teams.card.file.info');
    // A second "accept" (a retry) uploads nothing more.
    await h.deliver(accept);
    expect(h.fake.calls.filter((c) => c.path.startsWith('/upload/'))).toHaveLength(1);

    // Bram presses Gedaan: the invoke answers with the replaced card, "Gedaan door Bram".
    const notulen = early.find((c) => actionsOf(c).some((a) => String(a.data.lisoValue).includes(':notulen')))!;
    const response = await press(notulen, 'Gedaan', people.bram);
    expect(response.status).toBe(200);
    expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(response.body.value)).toContain('Gedaan door Bram Jansen');
    const doneCount = (actions: Array<{ title: string }>) => actions.filter((a) => a.title === 'Gedaan').length;
    expect(doneCount(cardActions(response.body.value))).toBe(doneCount(actionsOf(notulen)) - 1);
    const sessionId = String(actionsOf(notulen).find((a) => a.data.lisoAction === 'nudge.done')!.data.lisoValue).split(':')[0]!;
    expect(await new TaskStates(h.t.app.store).get(sessionId, 'notulen')).toMatchObject({ status: 'done' });
    // The same press again (Teams retries an invoke) changes nothing and sends nothing.
    const sentBefore = h.fake.sent().length;
    await press(notulen, 'Gedaan', people.bram);
    expect(h.fake.sent().length).toBe(sentBefore);

    await walkUntil(new Date('2027-03-31T00:00:00Z'));
    const nudges = h.fake.calls.slice(setupCalls).filter((c) => c.method === 'POST' && actionsOf(c).some((a) => a.data?.lisoAction === 'nudge.done'));
    // One digest per person per day: every task line of it counts.
    const byTask = nudges.flatMap((c) =>
      actionsOf(c)
        .filter((a) => a.data?.lisoAction === 'nudge.done')
        .map((done) => {
          const [, task] = String(done.data.lisoValue).split(':');
          const to = [people.anna, people.bram].find((p) => c.path.includes(personalConversationId(p.id)));
          return `${task} ${to?.name ?? c.path}`;
        }),
    );
    expect(byTask.sort()).toEqual(
      [
        'notulen Bram', 'geleerde-lessen Anna', 'uitnodigingen Bram', 'ervaring-deelnemers Bram', 'voortgang Anna', 'afstemmen-partners Anna', 'afstemmen-organisaties Anna',
        'agenda Anna', 'draaiboek Bram', 'werkvormen Bram', 'nieuwe-deelnemers Anna', 'ervaringsdeskundigen Bram', 'actiepunten Bram', 'catering Bram', 'presentatie Anna',
      ].map((row) => row.replace(/ (Anna|Bram)$/, (_m, name: string) => ` ${name === 'Anna' ? people.anna.name : people.bram.name}`)).sort(),
    );
    for (const nudge of nudges) expect(actionsOf(nudge).map((a) => a.title)).toEqual(expect.arrayContaining(['Gedaan', 'Niet van toepassing']));
    // Nothing for Sanne (deelnemer), nothing in the channel.
    expect(nudges.filter((c) => c.path.includes(CHANNEL))).toEqual([]);
  });
});

describe('a digest pressed after it can no longer be redrawn', () => {
  it('keeps its other tasks and their buttons; the answer is the press\'s own line', async () => {
    await install(people.anna, people.bram);
    await setUpNetwork();
    await walkUntil(new Date('2027-01-14T12:00:00Z'));
    const digest = personalPosts(people.bram).find((c) => actionsOf(c).filter((a) => a.title === 'Gedaan').length >= 2)!;
    // A week later (a digest is kept a few days) Bram ticks off one of its tasks.
    await walkUntil(new Date('2027-01-21T12:00:00Z'));
    const edits = h.fake.calls.filter((c) => c.method === 'PUT').length;
    const response = await press(digest, 'Gedaan', people.bram);
    expect(response.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('Gedaan door Bram Jansen') });
    expect(h.fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(edits);
    const [, task] = String(actionsOf(digest).find((a) => a.title === 'Gedaan')!.data.lisoValue).split(':');
    const sessionId = String(actionsOf(digest)[0]!.data.lisoValue).split(':')[0]!;
    expect(await new TaskStates(h.t.app.store).get(sessionId, task!)).toMatchObject({ status: 'done' });
  });
});

/** Five deelnemers who vote, each with the app installed. */
const voters: Person[] = Array.from({ length: 5 }, (_, i) => ({ id: `29:1deelnemer-${i + 1}`, name: `Deelnemer ${i + 1}` }));

describe('a pulse with five voters on Teams', () => {
  it('invites five people in their personal chats, takes votes and open answers, and reports the results to the leads', async () => {
    await install(people.anna, people.bram, ...voters);
    await h.deliver(h.message('start Jongerenraad', people.anna, channel));
    await h.deliver(h.message('rol procesbegeleider <at>Bram Jansen</at>', people.anna, channel, [people.bram]));
    await h.deliver(h.message(`rol deelnemer ${voters.map((v) => `<at>${v.name}</at>`).join(' ')}`, people.anna, channel, voters));
    await h.holdSession();
    await h.deliver(h.message('pulse', people.anna, channel));
    expect(textOf(personalPosts(people.anna).at(-1)!)).toContain('5 mensen kregen een privébericht');
    const sessionScores = [5, 4, 4, 3, 5];
    for (const [i, voter] of voters.entries()) {
      const invitation = personalPosts(voter);
      expect(invitation.length).toBeGreaterThanOrEqual(1);
      for (const call of invitation) {
        for (const action of actionsOf(call).filter((a) => a.data.lisoAction === 'pulse.vote')) {
          const [question, score] = String(action.data.lisoValue).split(':').slice(-2);
          if (Number(score) !== (question === 'sessie' ? sessionScores[i]! : 3)) continue;
          const response = await h.deliver(h.press(action.data, voter, personal, activityIdOf(call)));
          expect(response.body.type).toBe('application/vnd.microsoft.card.adaptive');
        }
      }
      // The open question: a form card in the personal chat, submitted with its input.
      const openButton = invitation.flatMap(actionsOf).find((a) => a.data.lisoAction?.startsWith('pulse.open'))!;
      expect((await h.deliver(h.press(openButton.data, voter, personal))).body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'Pulse: open vraag' });
      const form = cardsOf(personalPosts(voter).at(-1)!)[0];
      const input = form.body.find((e: any) => e.type === 'Input.Text');
      const submit = cardActions(form)[0]!;
      await h.deliver(h.press({ ...submit.data, [input.id]: i === 0 ? 'Meer pauze <at>Anna de Vries</at> **nu**' : `Idee ${i + 1}` }, voter, personal));
    }
    await walkUntil(new Date(h.t.clock.now().getTime() + 8 * 24 * 3_600_000));
    for (const lead of [people.anna, people.bram]) {
      const results = personalPosts(lead).filter((c) => textOf(c).includes('Uitslag pulse Jongerenraad'));
      expect(results).toHaveLength(1);
      const text = textOf(results[0]!);
      expect(text).toContain('**5 van de 5** genodigden deden mee (100%)');
      expect(text).toContain('gemiddeld **4,2** (5 antwoorden)');
      for (const idea of ['Idee 2', 'Idee 3', 'Idee 5']) expect(text).toContain(idea);
      // The typed mention and bold stay literal text; nobody is mentioned by the results.
      expect(text).toContain('Meer pauze <\u200Bat>Anna de Vries<\u200B/at> \\*\\*nu\\*\\*');
      expect(cardsOf(results[0]!)[0].msteams.entities).toBeUndefined();
    }
  });
});

describe('an advice question on Teams', () => {
  it('a question asked by mentioning the bot is answered in the thread for everyone, with buttons that work', async () => {
    await install(people.anna);
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    const thread = { kind: 'channel', thread: '1700000000999' } as const;
    await h.deliver(h.message('na de kick-off komt bijna niemand meer', people.anna, thread));
    const answer = h.fake.sent(`${CHANNEL};messageid=1700000000999`).at(-1)!;
    expect(textOf(answer)).toContain('Bron: LISO-handboek');
    const more = actionsOf(answer).find((a) => a.data.lisoAction === 'advice.more');
    expect(more).toBeDefined();
    const response = await h.deliver(h.press(more!.data, people.anna, thread, activityIdOf(answer)));
    expect(response.status).toBe(200);
    const shown = response.body.type === 'application/vnd.microsoft.card.adaptive' ? cardText(response.body.value) : textOf(personalPosts(people.anna).at(-1)!);
    expect(shown.length).toBeGreaterThan(50);
    const useful = actionsOf(answer).find((a) => a.data.lisoAction?.startsWith('advice.feedback'));
    if (useful) expect((await h.deliver(h.press(useful.data, people.anna, thread, activityIdOf(answer)))).status).toBe(200);
  });
});

describe('a win on Teams', () => {
  it('mentions only the person named on purpose; typed mentions and markup stay text; "Mooi!" counts each person once', async () => {
    await install(people.anna);
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message('rol deelnemer <at>Bram Jansen</at> <at>Sanne Bakker</at>', people.anna, channel, [people.bram, people.sanne]));
    const tricks = 'Eerste sessie vol! met <at>Sanne Bakker</at> &lt;at&gt;Bram Jansen&lt;/at&gt; **vet** [link](https://evil.example) \u202Eomgekeerd';
    await h.deliver(h.message(`vier ${tricks}`, people.anna, channel, [people.sanne]));
    const post = channelPosts().at(-1)!;
    const card = cardsOf(post)[0];
    expect(card.msteams.entities).toEqual([{ type: 'mention', text: '<at>Sanne Bakker</at>', mentioned: { id: people.sanne.id, name: 'Sanne Bakker' } }]);
    const text = cardText(card);
    expect(text).toContain('Eerste sessie vol!');
    expect(text).toContain('<\u200Bat>Bram Jansen<\u200B/at>');
    expect(text).toContain('\\*\\*vet\\*\\*');
    expect(text).toContain('\\[link\\](https://evil.example)');
    expect(text).not.toMatch(/[\u202A-\u202E]/);
    const first = await press(post, '🎉 Mooi!', people.bram);
    expect(cardActions(first.body.value).map((a) => a.title)).toContain('🎉 Mooi! (1)');
    const postsBefore = h.fake.sent().length;
    const again = await press(post, /Mooi/, people.bram);
    expect(again.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringContaining('telt één keer per persoon') });
    // That one line is the whole answer: nothing in a personal chat, no "open a chat with me" note in the channel.
    expect(h.fake.sent().length).toBe(postsBefore);
    const second = await press(post, /Mooi/, people.sanne);
    expect(cardActions(second.body.value).map((a) => a.title)).toContain('🎉 Mooi! (2)');
  });
});

describe('the channel\'s language', () => {
  it('announcements stay in the language of the network\'s starter when an English-reading lead gives the command', async () => {
    const emma = { id: '29:1emma-clarke', name: 'Emma Clarke' };
    await install(people.anna, emma);
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message('rol procesbegeleider <at>Emma Clarke</at>', people.anna, channel, [emma]));
    await h.deliver(h.message('taal en', emma, personal));
    const before = channelPosts().length;
    await h.deliver(h.message('session 2027-03-11 14:00-16:00 Stadhuis', emma, channel));
    await h.deliver(h.message('session move 2027-03-11 2027-03-18', emma, channel));
    await h.deliver(h.message('role participant <at>Bram Jansen</at>', emma, channel, [people.bram]));
    const posts = channelPosts().slice(before).map(textOf);
    expect(posts).toEqual([
      expect.stringContaining('Nieuwe sessie van Jeugd: **donderdag 11 maart 2027'),
      expect.stringContaining('is verplaatst naar **donderdag 18 maart 2027'),
      expect.stringContaining('is nu **deelnemer** in Jeugd'),
    ]);
  });
});

describe('a reminder posted in the channel for someone without the app', () => {
  it('"Ik kan niet" on it leaves the channel post as it was and tells only the presser', async () => {
    await install(people.anna);
    await h.deliver(h.message('start Jeugd', people.anna, channel));
    await h.deliver(h.message('rol deelnemer <at>Sanne Bakker</at>', people.anna, channel, [people.sanne]));
    await h.deliver(h.message('sessie 2027-01-14 14:00-17:00 Stadhuis', people.anna, channel));
    await walkUntil(new Date('2027-01-07T09:00:00Z'));
    const reminder = channelPosts().find((c) => textOf(c).includes('Over een week') && textOf(c).includes('Sanne Bakker'))!;
    expect(actionsOf(reminder).map((a) => a.title)).toEqual(['Ik kom', 'Ik kan niet']);
    const editsBefore = h.fake.calls.filter((c) => c.method === 'PUT').length;
    const response = await press(reminder, 'Ik kan niet', people.sanne);
    // Teams shows an Action.Execute's card to everyone in the channel: no card comes back, nothing is edited.
    expect(response.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(h.fake.calls.filter((c) => c.method === 'PUT')).toHaveLength(editsBefore);
    expect(channelPosts().map(textOf).join('\n')).not.toContain('niet bij');
    // Her answer counts all the same.
    await h.deliver(h.message('netwerk', people.anna, personal));
    expect(textOf(personalPosts(people.anna).at(-1)!)).toContain('0 komen, 1 kan niet');
  });
});

describe('proactive messages', () => {
  it('reach someone with the app installed in their personal chat, and someone without it in the channel instead', async () => {
    await install(people.anna, people.bram);
    await setUpNetwork();
    // Sanne has no app: a message to her falls back to the channel, naming her.
    const outcome = await h.t.app.delivery.send('test:sanne', { kind: 'direct', platform: 'teams', userId: people.sanne.id, fallback: { channelId: CHANNEL, message: { summary: 'Voor Sanne', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Voor Sanne' }] }] } } }, { summary: 'Voor Sanne', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Voor Sanne' }] }] });
    expect(outcome).toMatchObject({ status: 'sent', via: 'fallback' });
    expect(textOf(channelPosts().at(-1)!)).toContain('Voor Sanne');
    // The trekker is told once what Sanne can do about it on Teams: add the app, not "allow direct messages".
    await h.t.app.bot.tick(h.t.clock.now());
    const report = personalPosts(people.anna).map(textOf).find((text) => text.includes('Sanne Bakker krijgt geen berichten'));
    expect(report).toContain('liso-bot in Teams voor zichzelf toe te voegen');
    expect(report).not.toContain('privéberichten van de bot toe te staan');
    const bram = await h.t.app.delivery.send('test:bram', { kind: 'direct', platform: 'teams', userId: people.bram.id }, { summary: 'Voor Bram', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Voor Bram' }] }] });
    expect(bram).toMatchObject({ status: 'sent', via: 'direct' });
    expect(textOf(personalPosts(people.bram).at(-1)!)).toContain('Voor Bram');
    // Asked twice under the same key, nothing is sent twice.
    const count = h.fake.sent().length;
    expect(await h.t.app.delivery.send('test:bram', { kind: 'direct', platform: 'teams', userId: people.bram.id }, { summary: 'Voor Bram', blocks: [] })).toEqual({ status: 'duplicate' });
    expect(h.fake.sent().length).toBe(count);
  });
});
