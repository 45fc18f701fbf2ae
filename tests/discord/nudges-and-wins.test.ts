// Time-driven flows through Discord end to end: a quarter of preparation nudges as DMs with
// working buttons and the calendar file, a pulse with five voters, a win with mention tricks and
// its "Mooi!" count, and a person with closed DMs during a nudge.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../adapters/discord/custom-ids.ts';
import { discordKeys } from '../../adapters/discord/discord-keys.ts';
import { CHANNEL, DiscordHarness, messageBodies, people, str, user } from './discord-harness.ts';
import type { Person } from './discord-harness.ts';
import type { RecordedCall } from './fake-discord.ts';
import { TaskStates } from '../../src/features/nudges/task-states.ts';
import { addHeldSession } from '../nudges/nudge-harness.ts';

let h: DiscordHarness;
/** The simulated moment each recorded call was made at (set while walking the clock). */
let madeAt: Map<RecordedCall, string>;
beforeEach(async () => {
  h = await DiscordHarness.start();
  madeAt = new Map();
});
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.close();
});

const dmChannelOf = (id: string) => `7${id}`.slice(0, 19);
const userOfDm = (channelId: string) => Object.values(people).find((p) => dmChannelOf(p.id) === channelId)?.id;
const buttonsIn = (components: any[] = []) => components.flatMap((row: any) => row.components);
const callbacks = () => h.fake.calls.filter((c) => c.path.endsWith('/callback'));
const channelPosts = () => h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
const dmPosts = (person?: Person) => h.fake.callsTo('POST', person ? new RegExp(`^/channels/${dmChannelOf(person.id)}/messages$`) : /^\/channels\/7\d+\/messages$/);

/** A button's core action, also when its id was too long and stored under a hash. */
async function actionOf(customId: string): Promise<{ actionId: string; value: string } | undefined> {
  const decoded = decodeCustomId(customId);
  if (decoded.kind === 'button') return { actionId: decoded.actionId, value: decoded.value };
  if (decoded.kind === 'hashed') return h.t.app.store.get(discordKeys.longCustomId(decoded.hash));
  return undefined;
}

interface Nudge {
  call: RecordedCall;
  task: string;
  sessionId: string;
  doneId: string;
}

/** Posted messages that carry a preparation task's "Gedaan" button. */
async function nudgesIn(calls: RecordedCall[]): Promise<Nudge[]> {
  const found: Nudge[] = [];
  for (const call of calls) {
    for (const button of buttonsIn(call.body?.components)) {
      const action = await actionOf(button.custom_id);
      if (action?.actionId !== 'nudge.done') continue;
      const [sessionId, task] = action.value.split(':');
      found.push({ call, task: task!, sessionId: sessionId!, doneId: button.custom_id });
    }
  }
  return found;
}

/** Walks the app's simulated clock from due moment to due moment, as the scheduler would. */
async function walkUntil(until: Date): Promise<void> {
  const stamp = () => {
    for (const call of h.fake.calls) if (!madeAt.has(call)) madeAt.set(call, h.t.clock.now().toISOString());
  };
  stamp();
  for (let step = 0; step < 2_000; step++) {
    const due = await h.t.app.bot.nextDue(h.t.clock.now());
    if (!due || due > until) break;
    if (due > h.t.clock.now()) h.t.clock.set(due);
    await h.t.app.bot.tick(h.t.clock.now());
    stamp();
  }
  h.t.clock.set(until);
  await h.t.app.bot.tick(h.t.clock.now());
  stamp();
}

async function setUpNetwork(session = '2027-04-08 14:00'): Promise<void> {
  await h.inject(h.slash('start', [str('tekst', 'Jeugd')]));
  await h.inject(h.slash('rol', [str('tekst', 'procesbegeleider'), user('persoon', people.bram)]));
  await h.inject(h.slash('rol', [str('tekst', 'deelnemer'), user('persoon', people.sanne)]));
  // The network met before, so the session gets the regular timeline, not the first-session plan.
  await addHeldSession(h.t, (await h.t.app.directory.all())[0]!.id, '2026-12-10');
  await h.inject(h.slash('sessie', [str('tekst', session)]));
  h.fake.take();
}

// The handbook table for a Thursday 8 April 2027 session, seen from Monday 4 January (13 weeks ahead).
const PLAN: Array<[task: string, to: Person, at: string]> = [
  ['notulen', people.bram, '2027-01-14T08:00:00.000Z'],
  ['geleerde-lessen', people.anna, '2027-01-14T08:00:00.000Z'],
  ['uitnodigingen', people.bram, '2027-01-14T08:00:00.000Z'],
  ['ervaring-deelnemers', people.bram, '2027-01-14T08:00:00.000Z'],
  ['voortgang', people.anna, '2027-01-28T08:00:00.000Z'],
  ['afstemmen-partners', people.anna, '2027-02-11T08:00:00.000Z'],
  ['afstemmen-organisaties', people.anna, '2027-02-11T08:00:00.000Z'],
  ['agenda', people.anna, '2027-02-25T08:00:00.000Z'],
  ['draaiboek', people.bram, '2027-02-25T08:00:00.000Z'],
  ['werkvormen', people.bram, '2027-03-11T08:00:00.000Z'],
  ['nieuwe-deelnemers', people.anna, '2027-03-11T08:00:00.000Z'],
  ['ervaringsdeskundigen', people.bram, '2027-03-11T08:00:00.000Z'],
  ['actiepunten', people.bram, '2027-03-25T08:00:00.000Z'],
  ['catering', people.bram, '2027-03-25T08:00:00.000Z'],
  ['presentatie', people.anna, '2027-03-25T08:00:00.000Z'],
];
const rows = (list: Array<[string, string, string]>) => list.map((r) => r.join(' ')).sort();

describe('a quarter of nudges on Discord', () => {
  it('sends every preparation nudge once as a DM with buttons; Gedaan updates it; the invitation carries the .ics file', async () => {
    // Bram presses Gedaan in his DM on its day (a digest is redrawn for a few days): that line of
    // his digest becomes "Gedaan door Bram", the others keep their buttons.
    await setUpNetwork();
    await walkUntil(new Date('2027-01-14T12:00:00Z'));
    const notulen = (await nudgesIn(dmPosts())).find((n) => n.task === 'notulen')!;
    const before = h.fake.calls.length;
    await h.inject(h.press(notulen.doneId, people.bram, { id: notulen.call.result.id, components: notulen.call.body.components, dmChannel: dmChannelOf(people.bram.id) }));
    const fresh = h.fake.calls.slice(before);
    const updates = [
      ...fresh.filter((c) => c.path.endsWith('/callback') && c.body.type === 7).map((c) => c.body.data),
      ...fresh.filter((c) => c.method === 'PATCH' && new RegExp(`/messages/(${notulen.call.result.id}|@original)$`).test(c.path)).map((c) => c.body),
    ];
    expect(updates).toHaveLength(1);
    expect(updates[0].content).toMatch(/\(Visuele\) notulen delen\**: ✅ Gedaan door Bram Jansen/);
    const doneButtons = (components: any[]) => buttonsIn(components).filter((b: any) => b.label === 'Gedaan').length;
    expect(doneButtons(updates[0].components)).toBe(doneButtons(notulen.call.body.components) - 1);
    expect(updates[0].allowed_mentions).toMatchObject({ parse: [] });
    expect(await new TaskStates(h.t.app.store).get(notulen.sessionId, 'notulen')).toMatchObject({ status: 'done' });

    await walkUntil(new Date('2027-03-31T00:00:00Z'));
    const sent = await nudgesIn(dmPosts());
    expect(rows(sent.map((n) => [n.task, userOfDm(n.call.path.split('/')[2]!) ?? n.call.path, madeAt.get(n.call)!]))).toEqual(
      rows(PLAN.map(([task, to, at]) => [task, to.id, at])),
    );
    // No nudge went anywhere else (not the channel, not to Sanne), and each DM channel was opened once.
    expect(await nudgesIn(h.fake.calls.filter((c) => !dmPosts().includes(c)))).toEqual([]);
    expect(h.fake.callsTo('POST', /^\/users\/@me\/channels$/).map((c) => c.body.recipient_id).sort()).toEqual([people.anna.id, people.bram.id]);
    for (const { call } of sent) {
      expect(call.body.allowed_mentions).toMatchObject({ parse: [] });
      expect(buttonsIn(call.body.components).map((b: any) => b.label)).toEqual(expect.arrayContaining(['Gedaan', 'Later…', 'Niet van toepassing']));
    }
    for (const body of messageBodies(h.fake)) expect(body.allowed_mentions?.parse).toEqual([]);

    const invitation = sent.find((n) => n.task === 'uitnodigingen')!;
    expect(invitation.call.files.map((f) => f.filename)).toEqual(['sessie-jeugd-2027-04-08.ics']);
    expect(invitation.call.files[0]!.content).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*DTSTART:20270408T120000Z\r\n[\s\S]*END:VCALENDAR/);
    // Only the digest holding that task carries the file.
    expect([...new Set(sent.filter((n) => n.call.files.length > 0).map((n) => n.call))]).toEqual([invitation.call]);

    // Everyone answers the rest; the week before brings the overview and no escalations.
    for (const nudge of sent.filter((n) => n.task !== 'notulen')) {
      const to = PLAN.find(([task]) => task === nudge.task)![1];
      await h.inject(h.press(nudge.doneId, to, { id: nudge.call.result.id, components: nudge.call.body.components, dmChannel: dmChannelOf(to.id) }));
    }
    h.fake.take();
    await walkUntil(new Date('2027-04-09T00:00:00Z'));
    expect(await nudgesIn(h.fake.calls)).toEqual([]);
    const overview = dmPosts(people.anna).filter((c) => /Nog een week tot de sessie van \**Jeugd/.test(c.body.content));
    expect(overview).toHaveLength(1);
    expect(overview[0]!.body.content).toMatch(/Nog open:\**\s*geen/);
  });
});

/** Five extra Discord users, the deelnemers who vote. */
const voters: Person[] = Array.from({ length: 5 }, (_, i) => ({ id: `10000000000000001${i + 1}`, username: `deelnemer${i + 1}`, global_name: `Deelnemer ${i + 1}` }));

describe('a pulse with five voters on Discord', () => {
  it('invites five people by DM, takes their votes and open answers, and reports the results to the leads', async () => {
    for (const voter of voters) h.fake.users.set(voter.id, { ...voter });
    await h.inject(h.slash('start', [str('tekst', 'Jongerenraad')]));
    await h.inject(h.slash('rol', [str('tekst', 'procesbegeleider'), user('persoon', people.bram)]));
    await h.inject(h.slash('rol', [str('tekst', `deelnemer ${voters.map((v) => `<@${v.id}>`).join(' ')}`)]));
    await h.holdSession();
    await h.inject(h.slash('pulse'));
    expect(callbacks()[0]!.body.data.content).toContain('5 mensen kregen een privébericht');
    const sessionScores = [5, 4, 4, 3, 5];
    for (const [i, voter] of voters.entries()) {
      const parts = dmPosts(voter);
      expect(parts).toHaveLength(2);
      for (const part of parts) {
        for (const button of buttonsIn(part.body.components)) {
          const action = await actionOf(button.custom_id);
          if (action?.actionId !== 'pulse.vote') continue;
          const [, , question, score] = action.value.split(':');
          const wanted = question === 'sessie' ? sessionScores[i]! : 3;
          if (Number(score) !== wanted) continue;
          const before = callbacks().length;
          await h.inject(h.press(button.custom_id, voter, { id: part.result.id, components: part.body.components, dmChannel: dmChannelOf(voter.id) }));
          expect(callbacks().slice(before).map((c) => c.body.type)).toEqual([7]);
        }
      }
      const open = buttonsIn(parts[1]!.body.components).at(-1);
      const before = callbacks().length;
      await h.inject(h.press(open.custom_id, voter, { id: parts[1]!.result.id, components: parts[1]!.body.components, dmChannel: dmChannelOf(voter.id) }));
      const modal = callbacks()[before]!.body;
      expect(modal.type).toBe(9);
      await h.inject(h.submit(modal.data.custom_id, { answer: i === 0 ? 'Meer pauze @everyone' : `Idee ${i + 1}` }, voter));
    }
    // The voters' DM channels got no more than their invitations; nobody else voted.
    expect(voters.map((v) => dmPosts(v).length)).toEqual([2, 2, 2, 2, 2]);
    h.fake.take();
    await walkUntil(new Date(h.t.clock.now().getTime() + 8 * 24 * 3_600_000));
    for (const lead of [people.anna, people.bram]) {
      // The results, in as many parts as Discord's 2,000 characters need.
      const parts = dmPosts(lead);
      expect(parts.filter((c) => c.body.content.includes('Uitslag pulse Jongerenraad'))).toHaveLength(1);
      expect(parts[0]!.body.content).toMatch(/^### Uitslag pulse Jongerenraad/);
      const text = parts.map((c) => c.body.content).join('\n');
      expect(text).toContain('**5 van de 5** genodigden deden mee (100%)');
      expect(text).toMatch(/Sessie de moeite waard\*\*\n- `5 ████░░░░░░` 2\n- `4 ████░░░░░░` 2\n- `3 ██░░░░░░░░` 1\n/);
      expect(text).toContain('gemiddeld **4,2** (5 antwoorden)');
      expect(text).toContain('gemiddeld **3,0** (5 antwoorden)');
      for (const idea of ['Idee 2', 'Idee 3', 'Idee 4', 'Idee 5', 'Meer pauze @\u200Beveryone']) expect(text).toContain(idea);
      expect(text).not.toContain('@everyone');
      for (const part of parts) expect(part.body.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    }
    // Each voter got only the one reminder, which goes to every invitee: the bot cannot tell who answered.
    expect(voters.map((v) => dmPosts(v).map((c) => c.body.content.startsWith('### Herinnering: pulse')))).toEqual([[true], [true], [true], [true], [true]]);
  });
});

describe('a win on Discord', () => {
  it('pings only the person named on purpose, never @everyone, roles or hidden tricks; "Mooi!" counts each person once', async () => {
    await h.inject(h.slash('start', [str('tekst', 'Jeugd')]));
    await h.inject(h.slash('rol', [str('tekst', 'deelnemer'), user('persoon', people.bram), user('persoon2', people.sanne)]));
    h.fake.take();
    const tricks = 'Eerste sessie vol! @everyone @here <@&123> <@&800000000000000001> @\u200Beveryone \u202E@ereveyone\u202C <@100000000000000099> \u2066@here\u2069';
    await h.inject(h.slash('vier', [str('tekst', tricks), user('persoon', people.sanne)]));
    const [post] = channelPosts();
    expect(post!.body.allowed_mentions).toEqual({ parse: [], users: [people.sanne.id], replied_user: false });
    const content: string = post!.body.content;
    expect([...content.matchAll(/<@!?&?(\d+)>/g)].map((m) => m[0])).toEqual([`<@${people.sanne.id}>`]);
    expect(content).not.toMatch(/@(everyone|here)/);
    expect(content).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(content).toContain('Eerste sessie vol!');
    const cheer = buttonsIn(post!.body.components).find((b: any) => b.label === '🎉 Mooi!');
    expect(cheer).toBeDefined();
    expect(await actionOf(cheer.custom_id)).toMatchObject({ actionId: 'wins.cheer' });

    const pressCheer = async (as: Person) => {
      h.fake.take();
      await h.inject(h.press(cheer.custom_id, as, { id: post!.result.id, components: post!.body.components }));
      return callbacks().map((c) => c.body);
    };
    const [first] = await pressCheer(people.bram);
    expect(first!.type).toBe(7);
    expect(buttonsIn(first!.data.components)[0].label).toBe('🎉 Mooi! (1)');
    const [again] = await pressCheer(people.bram);
    expect(again).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(again!.data.content).toContain('al mooi');
    const [second] = await pressCheer(people.sanne);
    expect(second!.type).toBe(7);
    expect(buttonsIn(second!.data.components)[0].label).toBe('🎉 Mooi! (2)');
    expect(second!.data.content).toContain('2 mensen vinden dit mooi');
    expect(second!.data.allowed_mentions.parse).toEqual([]);
    expect(second!.data.content).not.toMatch(/@(everyone|here)/);
  });
});

describe('closed DMs during a nudge', () => {
  it('posts the nudge in the network channel, does not knock again, and tells the trekker once', async () => {
    await setUpNetwork();
    // Bram keeps his DMs closed: every attempt is refused.
    h.fake.script('POST', new RegExp(`^/channels/${dmChannelOf(people.bram.id)}/messages$`), { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } }, 99);
    await walkUntil(new Date('2027-01-15T00:00:00Z'));
    // One attempt at Bram's DM (the 50007), then his three nudges of 14 January in the channel.
    expect(dmPosts(people.bram)).toHaveLength(1);
    const inChannel = await nudgesIn(channelPosts());
    expect(inChannel.map((n) => n.task).sort()).toEqual(['ervaring-deelnemers', 'notulen', 'uitnodigingen']);
    for (const { call } of inChannel) {
      expect(call.body.content).toContain(`<@${people.bram.id}>`);
      expect(call.body.content).toContain('ik kon je geen privébericht sturen');
      expect(call.body.allowed_mentions).toEqual({ parse: [], users: [people.bram.id], replied_user: false });
    }
    expect(await h.t.app.store.get(`discord:dm-closed:${people.bram.id}`)).toBeDefined();
    // Anna, the trekker, got her own nudge and one notice about Bram.
    const notices = dmPosts(people.anna).filter((c) => c.body.content.includes('krijgt geen berichten van de bot'));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.body.content).toContain('Bram Jansen');
    expect(notices[0]!.body.content).toContain('in het kanaal');
    expect((await nudgesIn(dmPosts(people.anna))).map((n) => n.task)).toEqual(['geleerde-lessen']);

    // Within the 30 days the bot remembers closed DMs, nothing knocks on Bram's door again.
    h.fake.take();
    await walkUntil(new Date('2027-02-12T00:00:00Z'));
    expect(dmPosts(people.bram)).toEqual([]);
    // After them (on the simulated clock too), the next nudge for Bram (draaiboek, 25 February)
    // tries his DM once more, fails again, goes to the channel, and the trekker is not told twice.
    await walkUntil(new Date('2027-02-26T00:00:00Z'));
    expect(dmPosts(people.bram)).toHaveLength(1);
    expect((await nudgesIn(channelPosts())).map((n) => n.task)).toEqual(['draaiboek']);
    expect(dmPosts(people.anna).filter((c) => c.body.content.includes('krijgt geen berichten van de bot'))).toEqual([]);
  });
});
