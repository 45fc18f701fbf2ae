// Recording wins, varied celebrations, cheering, the digests, the export and the journey document.
import { describe, expect, it } from 'vitest';
import { DomainEvents } from '../../src/core/domain-events.ts';
import { intendedMentions } from '../../src/core/message.ts';
import type { Message } from '../../src/core/message.ts';
import { createWinsFeature } from '../../src/features/wins/index.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { CHANNEL, channelPosts, cheerButton, commandEvent, press, startNetwork } from './wins-fixture.ts';

const DAY = 24 * 3_600_000;

function headline(message: Message): string {
  const first = message.blocks[0]!;
  return first.type === 'section' ? first.text.map((s) => (s.type === 'text' ? s.text : '')).join('') : '';
}

function attachmentOf(t: TestApp): { filename: string; mimeType: string; content: string } {
  const reply = t.adapter.take().find((s) => s.kind === 'reply' && s.message?.attachments?.length);
  if (!reply) throw new Error('no reply with an attachment');
  return reply.message!.attachments![0]!;
}

/** The same feature on the app's store, for the privacy hooks the core calls on request. */
function featureOf(t: TestApp) {
  const { app } = t;
  return createWinsFeature({ ...app, events: new DomainEvents({ store: app.store, clock: app.clock, log: app.log }), defaultLang: 'nl' });
}

describe('recording a win', () => {
  it('posts a celebration in the network channel, crediting the people named', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', 'vier we hebben met <@bram> en <@ahmed> de casus in kaart gebracht');
    const sent = t.adapter.take();
    expect(sent.map((s) => `${s.kind}:${s.to}`)).toEqual([`channel:${CHANNEL}`]);
    const message = sent[0]!.message!;
    expect(intendedMentions(message).sort()).toEqual(['ahmed', 'bram']);
    expect(sent[0]!.text).toContain('“we hebben met Bram en Ahmed de casus in kaart gebracht”');
    expect(sent[0]!.text).toContain('Gedeeld door Sanne · Met dank aan @Bram en @Ahmed');
    expect(cheerButton(message).label).toBe('🎉 Mooi!');
  });

  it('never uses the same celebration text twice in a row in a network', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    const headlines: string[] = [];
    for (let i = 0; i < 40; i++) {
      await t.command(i % 2 ? 'sanne' : 'ahmed', `vier stap ${i} gezet`);
      headlines.push(headline(channelPosts(t.adapter.take())[0]!.message!));
    }
    for (let i = 1; i < headlines.length; i++) expect(headlines[i]).not.toBe(headlines[i - 1]);
    expect(new Set(headlines).size).toBeGreaterThanOrEqual(8);
  });

  it('answers in English in a network started by an English reader', async () => {
    const t = await createTestApp();
    await t.command('anna', 'taal en', null);
    await startNetwork(t);
    await t.command('anna', 'vier first case mapped');
    const post = channelPosts(t.adapter.take())[0]!;
    expect(post.text).toContain('Shared by Anna');
    expect(cheerButton(post.message!).label).toBe('🎉 Nice!');
  });

  it('refuses people without a role, and empty wins', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('gast', 'vier ik was erbij');
    await t.command('sanne', 'vier <@bram>');
    const sent = t.adapter.take();
    expect(sent.map((s) => s.kind)).toEqual(['reply', 'reply']);
    expect(sent[0]!.text).toMatch(/geen rol in Jeugd/);
    expect(sent[1]!.text).toMatch(/Vertel wat er gelukt is/);
  });

  it('records and celebrates a redelivered platform event once', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    const event = commandEvent('sanne', 'vier de werkgroep is gestart', [], 'Ev-1');
    await t.app.bot.handle(event, t.adapter.responder('sanne'));
    await t.app.bot.handle(event, t.adapter.responder('sanne'));
    expect(channelPosts(t.adapter.take())).toHaveLength(1);
    await t.command('sanne', 'successen');
    expect(t.adapter.take()[0]!.text.match(/de werkgroep is gestart/g)).toHaveLength(1);
  });

  it('posts in the channel and confirms privately when the win is shared in a direct conversation', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('ahmed', 'vier eerste gesprek met de wethouder', null);
    const sent = t.adapter.take();
    expect(sent.map((s) => `${s.kind}:${s.to}`)).toEqual([`channel:${CHANNEL}`, 'reply:ahmed']);
    expect(sent[1]!.text).toMatch(/Gevierd in het kanaal van Jeugd/);
  });
});

describe('the "Mooi!" button', () => {
  it('counts each person once and updates the celebration', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', 'vier de casus staat op papier');
    const button = cheerButton(channelPosts(t.adapter.take())[0]!.message!);
    await press(t, 'bram', button.actionId, button.value);
    await press(t, 'bram', button.actionId, button.value);
    await press(t, 'anna', button.actionId, button.value);
    const sent = t.adapter.take();
    expect(sent.map((s) => s.kind)).toEqual(['update', 'reply', 'update']);
    expect(sent[0]!.text).toContain('1 persoon vindt dit mooi');
    expect(sent[1]!.text).toMatch(/al mooi/);
    expect(sent[2]!.text).toContain('2 mensen vinden dit mooi');
    expect(cheerButton(sent[2]!.message!).label).toBe('🎉 Mooi! (2)');
    expect(headline(sent[2]!.message!)).toBe(headline(sent[0]!.message!));
  });

  it('says so for a win that does not exist', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await press(t, 'bram', 'wins.cheer', 'nope');
    expect(t.adapter.take()[0]!.text).toMatch(/bestaat niet meer/);
  });
});

describe('wins since the last session', () => {
  it('lists only the wins after the last held session, with the button and the command', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    const networkId = await startNetwork(t);
    await t.command('anna', 'sessie 2027-01-14 14:00');
    await t.command('sanne', 'vier voor de sessie gelukt');
    t.clock.set(new Date('2027-01-20T09:00:00Z'));
    await t.app.bot.tick();
    await t.command('ahmed', 'vier na de sessie gelukt met <@sanne>');
    t.adapter.take();
    await t.command('bram', 'successen');
    await press(t, 'anna', 'wins.since', networkId);
    const [viaCommand, viaButton] = t.adapter.take();
    for (const digest of [viaCommand!, viaButton!]) {
      expect(digest.kind).toBe('reply');
      expect(digest.text).toContain('Successen van Jeugd sinds de sessie van donderdag 14 januari 2027, 14:00');
      expect(digest.text).toContain('20 januari 2027: na de sessie gelukt met Sanne (gedeeld door Ahmed)');
      expect(digest.text).not.toContain('voor de sessie gelukt');
      expect(digest.text).toContain('Eerste sessie gehouden');
      expect(intendedMentions(digest.message!)).toEqual([]);
    }
  });

  it('refuses the button to people outside the network', async () => {
    const t = await createTestApp();
    const networkId = await startNetwork(t);
    await press(t, 'gast', 'wins.since', networkId);
    expect(t.adapter.take()[0]!.text).toMatch(/geen rol in Jeugd/);
  });
});

describe('/liso successen export', () => {
  it('gives the communicatieadviseur a Markdown summary, escaped only where Markdown needs it, with names of people who did not opt out', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', 'vier uit');
    await t.command('ahmed', 'vier de **casus** [rond](http://x) <!channel>, indrukwekkend! <wat er beter ging>');
    await t.command('sanne', 'vier wethouder is aangehaakt');
    t.adapter.take();
    await t.command('carla', 'successen export');
    const file = attachmentOf(t);
    expect(file.mimeType).toBe('text/markdown');
    expect(file.filename).toBe('successen-jeugd-2027-01-04.md');
    expect(file.content).toMatch(/^# Successen van Jeugd tot nu toe\n/);
    expect(file.content).toContain('## Successen (2)');
    expect(file.content).toContain('- 4 januari 2027: de \\*\\*casus\\*\\* \\[rond](http://x) \\<!channel>, indrukwekkend! \\<wat er beter ging> (gedeeld door Ahmed)');
    expect(file.content).toContain('- 4 januari 2027: wethouder is aangehaakt\n');
    expect(file.content).not.toContain('Sanne');
  });

  it('leaves out a win that names someone else: it may be their own story, told to the network only', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('ahmed', 'vier Eerste sessie gehouden! <@sanne> vertelde open over haar schulden, indrukwekkend.');
    await t.command('bram', 'vier wethouder is aangehaakt');
    await t.command('sanne', 'vier ik heb <@sanne> zelf genoemd');
    t.adapter.take();
    await t.command('carla', 'successen export');
    const sent = t.adapter.take();
    const reply = sent.find((s) => s.kind === 'reply')!;
    const file = reply.message!.attachments![0]!;
    expect(file.content).toContain('## Successen (2)');
    expect(file.content).toContain('wethouder is aangehaakt');
    expect(file.content).toContain('ik heb Sanne zelf genoemd');
    expect(file.content).not.toMatch(/schulden/);
    expect(reply.text).toContain('Hier is de samenvatting van 2 successen');
    expect(reply.text).toContain('1 succes noemt iemand uit het netwerk en staat er niet in.');
    // Inside the network nothing is hidden: the digest still lists it.
    await t.command('carla', 'successen');
    expect(t.adapter.take()[0]!.text).toContain('vertelde open over haar schulden');
  });

  it('makes no empty file for a period without wins, and names the command for the earlier ones', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    await startNetwork(t);
    await t.command('anna', 'sessie 2027-01-14 14:00');
    await t.command('anna', 'sessie 2027-03-08 14:00');
    t.clock.set(new Date('2027-01-20T08:00:00Z'));
    await t.command('sanne', 'vier we hebben een whatsapp groep gemaakt');
    await t.command('bram', 'vier de wethouder komt langs');
    t.clock.set(new Date('2027-03-16T09:00:00Z'));
    await t.app.bot.tick();
    t.adapter.take();
    await t.command('carla', 'successen export');
    const reply = t.adapter.take().find((s) => s.kind === 'reply')!;
    expect(reply.message!.attachments ?? []).toEqual([]);
    expect(reply.text).toContain('Sinds de sessie van maandag 8 maart 2027, 14:00 is er geen succes om naar buiten te delen, dus er is geen tekstbestand.');
    expect(reply.text).toContain('Van eerder zijn er 2 successen: /liso successen export alles zet alles in een tekstbestand.');
    await t.command('carla', 'successen export alles');
    expect(attachmentOf(t).content).toContain('## Successen (2)');
  });

  it('is only for the communicatieadviseur and the trekker', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', 'successen export');
    expect(t.adapter.take()[0]!.text).toMatch(/communicatieadviseur en de trekker/);
    await t.command('anna', 'successen export alles');
    expect(t.adapter.take()[0]!.text).toMatch(/Er is nog geen succes om naar buiten te delen, dus er is geen tekstbestand\. Deel er een met/);
    await t.command('sanne', 'vier de agenda staat');
    t.adapter.take();
    await t.command('anna', 'successen export alles');
    expect(attachmentOf(t).content).toContain('Periode: van de start op 4 januari 2027');
  });
});

describe('/liso reisverslag', () => {
  it('lists each held session with its date and place, and an online session without its link', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    await startNetwork(t);
    await t.command('anna', 'sessie 2027-01-14 14:00 Buurthuis De Schakel');
    await t.command('anna', 'sessie 2027-02-11 14:00 https://teams.example/join?pwd=geheim');
    await t.command('anna', 'sessie 2027-03-11 14:00');
    t.clock.set(new Date('2027-04-01T08:00:00Z'));
    await t.app.bot.tick();
    t.adapter.take();
    await t.command('anna', 'reisverslag');
    const file = attachmentOf(t);
    expect(file.content).toContain('## Gehouden sessies (3)\n\n1. donderdag 14 januari 2027, 14:00, Buurthuis De Schakel\n2. donderdag 11 februari 2027, 14:00, online\n3. donderdag 11 maart 2027, 14:00\n');
    expect(file.content).not.toContain('geheim');
  });

  it('documents sessions held, milestones, wins, the pulse trend and open questions', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    await startNetwork(t);
    await t.command('anna', 'sessie 2027-01-14 14:00');
    await t.command('anna', 'sessie 2027-04-15 14:00');
    await t.command('bram', 'vier uit');
    await t.command('sanne', 'vier met <@bram> de eerste casus besproken');
    // Asked on 17 February: only the month is kept, so only the month is shown.
    t.clock.set(new Date('2027-02-17T10:00:00Z'));
    await t.command('ahmed', 'wie wint het WK?');
    // The asker chooses to keep the unanswered question for the leads (the advice feature asks first).
    const keep = t.adapter.take().flatMap((sent) => sent.message?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.actionId === 'advice.keep')!;
    await press(t, 'ahmed', keep.actionId, keep.value);
    t.clock.set(new Date('2027-05-01T08:00:00Z'));
    await t.app.bot.tick();
    t.adapter.take();
    await t.command('sanne', 'reisverslag');
    expect(t.adapter.take()[0]!.text).toMatch(/trekker, de procesbegeleider en de communicatieadviseur/);
    await t.command('bram', 'reisverslag');
    const file = attachmentOf(t);
    expect(file.filename).toBe('reisverslag-jeugd-2027-05-01.md');
    expect(file.content).toContain('# Reisverslag van Jeugd');
    expect(file.content).toContain('## Gehouden sessies (2)\n\n1. donderdag 14 januari 2027, 14:00\n2. donderdag 15 april 2027, 14:00');
    expect(file.content).toContain('- 14 januari 2027: Eerste sessie gehouden');
    expect(file.content).toContain('- 4 januari 2027: met iemand de eerste casus besproken (gedeeld door Sanne)');
    expect(file.content).not.toContain('Bram');
    expect(file.content).toContain('## Vragen die nog openstaan\n\n- februari 2027: wie wint het WK?\n');
    expect(file.content).not.toMatch(/\d+ februari 2027: wie wint/);
    expect(file.content).toContain('## Hoe de sessies werden ervaren (pulse)\n\nEr zijn geen afgesloten pulses.');
    expect(file.content).toContain('## Om samen op terug te blikken');
  });
});

describe('/liso reisverslag while a session is going on or ahead', () => {
  async function journeyAt(t: TestApp, iso: string): Promise<string> {
    t.clock.set(new Date(iso));
    await t.app.bot.tick();
    t.adapter.take();
    await t.command('anna', 'reisverslag');
    return attachmentOf(t).content;
  }

  it('lists only sessions that have ended, and says which session is going on or comes next', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    await startNetwork(t);
    await t.command('anna', 'sessie 2027-01-14 14:00');
    await t.command('anna', 'sessie 2027-02-11 14:00');
    const before = await journeyAt(t, '2027-01-20T08:00:00Z');
    expect(before).toContain('## Gehouden sessies (1)\n\n1. donderdag 14 januari 2027, 14:00\n\nVolgende sessie: donderdag 11 februari 2027, 14:00.\n');
    // 11 February 14:30 in Amsterdam: the second session started half an hour ago and is not over.
    const during = await journeyAt(t, '2027-02-11T13:30:00Z');
    expect(during).toContain('## Gehouden sessies (1)\n\n1. donderdag 14 januari 2027, 14:00\n\nDe sessie van donderdag 11 februari 2027, 14:00 is nu bezig en telt mee zodra ze voorbij is.\n');
    const after = await journeyAt(t, '2027-02-12T08:00:00Z');
    expect(after).toContain('## Gehouden sessies (2)\n\n1. donderdag 14 januari 2027, 14:00\n2. donderdag 11 februari 2027, 14:00\n\n## Mijlpalen');
  });

  it('says the same in English', async () => {
    const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
    await t.command('anna', 'taal en', null);
    await startNetwork(t);
    await t.command('anna', 'sessie 2027-02-11 14:00');
    const during = await journeyAt(t, '2027-02-11T13:30:00Z');
    expect(during).toContain('## Sessions held (0)\n\nNo session has been held yet.\n\nThe session on Thursday 11 February 2027, 14:00 is going on now and counts once it is over.\n');
  });
});

describe('opting out of being named', () => {
  it('hides the author and credited people in the celebration, and can be turned back', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', 'vier uit');
    await t.command('bram', 'vier uit');
    expect(t.adapter.take()[0]!.text).toMatch(/niet meer in vieringen/);
    await t.command('sanne', 'vier met <@bram> en <@ahmed> de agenda rond');
    const post = channelPosts(t.adapter.take())[0]!;
    expect(intendedMentions(post.message!)).toEqual(['ahmed']);
    expect(post.text).toContain('“met iemand en Ahmed de agenda rond”');
    expect(post.text).toContain('Gedeeld vanuit het netwerk · Met dank aan @Ahmed');
    expect(post.text).not.toMatch(/Sanne|Bram/);
    await t.command('bram', 'vier aan');
    await t.command('sanne', 'vier met <@bram> de notulen gedeeld');
    const again = channelPosts(t.adapter.take())[0]!;
    expect(intendedMentions(again.message!)).toEqual(['bram']);
  });
});

describe('home view and privacy', () => {
  it('shows recent wins of the person\'s networks on their home view', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    for (const word of ['een', 'twee', 'drie', 'vier']) {
      await t.command('sanne', `vier stap ${word}`);
      t.clock.advance(DAY);
    }
    const home = await t.app.bot.home('test', 'ahmed');
    const text = home.blocks.map((b) => (b.type === 'list' ? b.items.map((i) => i.map((s) => ('text' in s ? s.text : '')).join('')).join('\n') : '')).join('\n');
    expect(text).toContain('stap vier');
    expect(text).toContain('stap twee');
    expect(text).not.toContain('stap een');
    expect(await t.app.bot.home('test', 'gast')).not.toMatchObject({ blocks: expect.arrayContaining([expect.objectContaining({ type: 'list' })]) });
  });

  it('lists what it stores about a person and forgets them, keeping the win anonymously', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('bram', 'vier uit');
    await t.command('sanne', 'vier met <@bram> de casus rond');
    t.clock.advance(DAY);
    await t.command('bram', 'vier de wethouder komt langs');
    const button = cheerButton(channelPosts(t.adapter.take())[0]!.message!);
    await press(t, 'bram', button.actionId, button.value);
    const feature = featureOf(t);
    const translator = t.app.prompts.translator('nl');
    const [section] = await feature.personalData!({ platform: 'test', userId: 'bram' }, translator);
    expect(section!.lines).toEqual([
      expect.stringMatching(/niet bij naam genoemd/),
      'Je wordt genoemd in het succes van 4 januari 2027: met iemand de casus rond',
      'Door jou gedeeld op 5 januari 2027: de wethouder komt langs',
      'Je vond 1 succes mooi (🎉).',
    ]);
    await feature.forgetPerson!({ platform: 'test', userId: 'bram' });
    expect(await feature.personalData!({ platform: 'test', userId: 'bram' }, translator)).toEqual([]);
    await t.command('bram', 'vier aan');
    await t.command('anna', 'successen export');
    const content = attachmentOf(t).content;
    // The win that named Bram stays out of the file to share outside, also once he is forgotten.
    expect(content).not.toContain('de casus rond');
    expect(content).toMatch(/- 5 januari 2027: de wethouder komt langs\n/);
    await press(t, 'anna', button.actionId, button.value);
    expect(t.adapter.take()[0]!.text).toContain('1 persoon vindt dit mooi');
  });
});
