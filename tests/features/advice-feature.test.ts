// /liso <vraag> through the real bot: answers with source and buttons, honest abstention, passing on, feedback, the menu.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Button, Message } from '../../src/core/message.ts';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import { mentionedUserIds } from '../../src/core/rich-text.ts';
import type { TestApp } from '../fakes/test-app.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { sharedEngine } from '../advice/engine-fixture.ts';

function buttons(message: Message | undefined): Button[] {
  return (message?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

function mentionsIn(message: Message | undefined): string[] {
  return (message?.blocks ?? []).flatMap((b) => (b.type === 'section' || b.type === 'context' ? mentionedUserIds(b.text) : b.type === 'list' ? b.items.flatMap(mentionedUserIds) : []));
}

async function press(t: TestApp, user: string, button: { actionId: string; value: string }, channel: string | null = 'kanaal-1') {
  const updates: Message[] = [];
  const responder = { ...t.adapter.responder(user), updateSource: async (m: Message) => void updates.push(m) };
  await t.app.bot.handle(
    {
      type: 'action',
      platform: 'test',
      actor: { userId: user, displayName: user.charAt(0).toUpperCase() + user.slice(1) },
      conversation: channel === null ? { kind: 'direct', id: `dm-${user}` } : { kind: 'channel', id: channel },
      actionId: button.actionId,
      value: button.value,
    },
    responder,
  );
  return updates;
}

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  await t.command('anna', 'start Jeugdzorg Leiden');
  await t.command('anna', 'rol procesbegeleider <@piet>');
  await t.command('anna', 'rol deelnemer <@dewi> <@sam>');
  t.adapter.take();
});

describe('advice answers', () => {
  it('answers a stumbling block with approach, two to four tips, the source and buttons', async () => {
    await t.command('dewi', 'na de kick-off komt niemand meer');
    const [answer] = t.adapter.take();
    expect(answer?.kind).toBe('reply');
    expect(answer?.to).toBe('dewi');
    expect(answer?.text.split('\n')[0]).toBe('Deelnemers haken af na een sterke start');
    const tips = answer!.message!.blocks.find((b) => b.type === 'list');
    expect(tips?.type === 'list' && tips.items.length).toBeGreaterThanOrEqual(2);
    expect(tips?.type === 'list' && tips.items.length).toBeLessThanOrEqual(4);
    expect(answer?.text).toContain('Bron: LISO-handboek, h6, struikelblok 1');
    const all = buttons(answer?.message);
    expect(all.filter((b) => b.actionId === 'advice.topic').length).toBeGreaterThan(0);
    expect(all.filter((b) => b.actionId === 'advice.topic').length).toBeLessThanOrEqual(3);
    expect(all.some((b) => b.actionId === 'advice.more')).toBe(true);
    expect(all.filter((b) => b.actionId === 'advice.feedback').map((b) => b.value.split(':')[1])).toEqual(['yes', 'no']);
  });

  it('answers in the language of the question', async () => {
    await t.command('dewi', 'people drop out after the first meetings, what can we do?');
    const [answer] = t.adapter.take();
    expect(answer?.text).toMatch(/Approach/);
    expect(answer?.text).toMatch(/Source: LISO/);
    const related = buttons(answer?.message).find((b) => b.actionId === 'advice.topic')!;
    await press(t, 'dewi', related);
    expect(t.adapter.take()[0]!.text).toMatch(/Source: /);
  });

  it('says first, in one line, what the handbook lacks, then gives the closest entry', async () => {
    await t.command('dewi', 'Hoe vragen we geld aan bij het VSBfonds voor ons leernetwerk?');
    const lines = t.adapter.take()[0]!.text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['Over de regels van dat fonds of subsidieprogramma zegt het handboek niets.', 'Dit komt er het dichtst bij:', 'Omvang en financiering van een leernetwerk']);
  });

  it('offers the second topic of a two-topic question under the answer', async () => {
    await t.command('dewi', 'We hebben veel wisselingen in de groep, en daarnaast lopen onze bijeenkomsten steeds uit. Wat nu?');
    const [answer] = t.adapter.take();
    expect(answer?.text.split('\n')[0]).toBe('Veel verloop: steeds nieuwe gezichten aan tafel');
    expect(answer?.text).toMatch(/Je vraag gaat ook over:/);
    const offer = buttons(answer?.message).find((b) => b.label.startsWith('Overvolle sessies'))!;
    expect(offer).toMatchObject({ actionId: 'advice.topic', value: 'sb-overvolle-sessies:nl' });
    await press(t, 'dewi', offer);
    expect(t.adapter.take()[0]!.text.split('\n')[0]).toBe('Overvolle sessies: nooit tijd om echt samen te leren');
  });

  it("offers the question's next entries before the entry's own related topics", async () => {
    const question = 'wie betaalt de catering';
    const { engine } = sharedEngine();
    const result = engine.ask(question);
    const next = result.alternatives.map((a) => a.entry.id).slice(0, 2);
    const related = result.best!.entry.related;
    expect(next.some((id) => !related.includes(id))).toBe(true); // the case this test is about: a nearby entry the answer does not link
    await t.command('dewi', question);
    const [answer] = t.adapter.take();
    expect(answer?.text).toContain('Niet helemaal wat je zocht? Deze onderwerpen liggen dicht bij je vraag:');
    const topics = buttons(answer?.message).filter((b) => b.actionId === 'advice.topic');
    expect(topics.slice(0, 2).map((b) => b.value)).toEqual(next.map((id) => `${id}:nl`));
    expect(topics.length).toBeLessThanOrEqual(3);
    await press(t, 'dewi', topics[0]!);
    const [topic] = t.adapter.take();
    expect(topic?.text).toContain('Verwante onderwerpen:');
    expect(topic?.text).not.toContain('Niet helemaal wat je zocht?');
  });

  it('shows more tips, work forms or reflection questions on request', async () => {
    await t.command('dewi', 'hoe kan ik een sessie goed voorbereiden');
    const more = buttons(t.adapter.take()[0]!.message).find((b) => b.actionId === 'advice.more')!;
    await press(t, 'dewi', more);
    const [reply] = t.adapter.take();
    expect(reply?.text).toMatch(/^Meer over: /);
    expect(reply?.text).toMatch(/Nog meer tips|Werkvormen|Vragen om samen/);
  });

  it('shows the paragraph the question is about, the ones left out under Meer tips, and the same after a rating', async () => {
    const roles = sharedEngine().kb.byId.get('rollen')!;
    const liaison = roles.nl.approach.find((p) => p.startsWith('De verbindingsfunctionaris'))!;
    const facilitator = roles.nl.approach.find((p) => p.startsWith('De procesbegeleider'))!;
    const firstSentence = (p: string) => p.slice(0, p.indexOf('. ') + 1);
    await t.command('dewi', 'wat doet een verbindingsfunctionaris precies?');
    const [answer] = t.adapter.take();
    expect(answer?.text).toContain(firstSentence(liaison));
    expect(answer?.text).not.toContain(firstSentence(facilitator));
    await press(t, 'dewi', buttons(answer!.message).find((b) => b.actionId === 'advice.more')!);
    const [more] = t.adapter.take();
    expect(more?.text).toContain(facilitator);
    expect(more?.text).not.toContain(liaison);
    const updates = await press(t, 'dewi', buttons(answer!.message).find((b) => b.value.endsWith(':yes'))!);
    expect(JSON.stringify(updates[0])).toContain(firstSentence(liaison).slice(0, 60));
  });

  it('shows the rest of the approach on request: no paragraph of an entry stays out of reach', async () => {
    const { kb } = sharedEngine();
    const long = kb.entries.filter((entry) => entry.nl.approach.length > 3);
    expect(long.length).toBeGreaterThan(0);
    for (const entry of long) {
      await press(t, 'dewi', { actionId: 'advice.more', value: `${entry.id}:nl` });
      const [reply] = t.adapter.take();
      expect(reply?.text).toContain('Verder in de aanpak');
      for (const paragraph of entry.nl.approach.slice(3)) expect(reply?.text).toContain(paragraph);
    }
  });

  it('stores feedback without a name, updates the answer and reports it to the leads', async () => {
    await t.command('dewi', 'na de kick-off komt niemand meer');
    const no = buttons(t.adapter.take()[0]!.message).find((b) => b.value.endsWith(':no'))!;
    const updates = await press(t, 'dewi', no);
    expect(updates).toHaveLength(1);
    expect(buttons(updates[0]).some((b) => b.actionId === 'advice.feedback')).toBe(false);
    expect(JSON.stringify(updates[0])).toMatch(/niet nuttig/);
    await t.command('piet', 'vragen');
    const [report] = t.adapter.take();
    expect(report?.text).toMatch(/0 nuttig, 1 niet nuttig/);
    expect(report?.text).toMatch(/Deelnemers haken af/);
    expect(report?.text).not.toMatch(/Dewi/);
  });

  it('offers the stumbling blocks as a menu for a bare /liso, and answers a choice', async () => {
    await t.command('dewi', '');
    const [menu] = t.adapter.take();
    const choices = menu!.message!.blocks.find((b) => b.type === 'choices');
    expect(choices?.type === 'choices' && choices.choice.options.length).toBe(9);
    const option = choices?.type === 'choices' ? choices.choice.options[0]! : undefined;
    await press(t, 'dewi', { actionId: 'advice.topic', value: option!.value });
    expect(t.adapter.take()[0]!.text).toContain(option!.label);
  });

  it('refuses an unknown topic button in Dutch', async () => {
    await press(t, 'dewi', { actionId: 'advice.topic', value: 'bestaat-niet' });
    expect(t.adapter.take()[0]!.text).toMatch(/staat niet \(meer\) in het handboek/);
  });
});

describe('when the handbook has no answer', () => {
  const offTopic = 'welke cao geldt voor medewerkers in de jeugdzorg';

  it('says so, names what is missing, and asks before keeping the question for the leads', async () => {
    await t.command('dewi', offTopic);
    const [answer] = t.adapter.take();
    expect(answer?.text).toMatch(/Daar geeft het handboek geen antwoord op/);
    expect(answer?.text).toMatch(/Over salarissen en arbeidsrecht zegt het handboek niets\./);
    expect(answer?.text).toContain(offTopic);
    expect(answer?.text).toMatch(/Mag ik je vraag zonder je naam bewaren\?/);
    expect(buttons(answer?.message).map((b) => b.actionId)).toEqual(['advice.topic', 'advice.topic', 'advice.topic', 'advice.keep', 'advice.pass', 'advice.pass', 'advice.discard']);
    // Nothing reaches the leads before the asker chooses.
    await t.command('anna', 'vragen');
    expect(t.adapter.take()[0]!.text).not.toContain(offTopic);

    const keep = buttons(answer?.message).find((b) => b.actionId === 'advice.keep')!;
    await press(t, 'dewi', keep);
    expect(t.adapter.take()[0]!.text).toMatch(/Bewaard, zonder je naam/);
    await press(t, 'dewi', keep);
    expect(t.adapter.take()[0]!.text).toMatch(/al bewaard/);
    await t.command('anna', 'vragen');
    const [list] = t.adapter.take();
    expect(list?.text).toContain(offTopic);
    expect(list?.text).not.toMatch(/Dewi/);
  });

  it('forgets the question when the asker declines', async () => {
    await t.command('dewi', offTopic);
    const message = t.adapter.take()[0]!.message;
    await press(t, 'dewi', buttons(message).find((b) => b.actionId === 'advice.discard')!);
    expect(t.adapter.take()[0]!.text).toMatch(/Niet bewaard\. Je vraag is weg\./);
    await press(t, 'dewi', buttons(message).find((b) => b.actionId === 'advice.keep')!);
    expect(t.adapter.take()[0]!.text).toMatch(/kan ik niet meer vinden/);
    await t.command('anna', 'vragen');
    expect(t.adapter.take()[0]!.text).not.toContain(offTopic);
  });

  it('holds an unchosen question until the end of the next day only, in no list and without a name', async () => {
    const writes: Array<{ key: string; value: unknown; ttlMs?: number }> = [];
    const original = t.app.store.set.bind(t.app.store);
    t.app.store.set = async (key, value, ttlMs) => {
      writes.push({ key, value, ttlMs });
      return original(key, value, ttlMs);
    };
    await t.command('dewi', offTopic);
    const held = writes.filter((w) => w.key.startsWith('advice:'));
    // The held question, and for the asker which question a typed "ja" or "nee" answers: both until the end of the
    // next day in the network's zone (asked Monday 09:00 in Amsterdam: Wednesday 00:00), a whole day, not the moment.
    expect(held.map((w) => [w.key.replace(/:[^:]+$/, ':<id>'), w.ttlMs])).toEqual([
      ['advice:held:<id>', 39 * 3_600_000],
      ['advice:awaited-choice:test:<id>', 39 * 3_600_000],
    ]);
    expect(JSON.stringify(held[0]!.value)).not.toMatch(/dewi/i);
    expect(JSON.stringify(held[1]!.value)).not.toContain(offTopic);
  });

  it('passes a held question on anonymously: kept for the leads and sent to the procesbegeleider', async () => {
    await t.command('dewi', offTopic);
    const [answer] = t.adapter.take();
    const anonymous = buttons(answer?.message).find((b) => b.value.endsWith(':anonymous'))!;
    await press(t, 'dewi', anonymous);
    const sent = t.adapter.take();
    const dm = sent.find((s) => s.kind === 'direct');
    expect(dm?.to).toBe('piet');
    expect(dm?.text).toContain(offTopic);
    expect(dm?.text).toMatch(/anoniem/);
    expect(dm?.text).not.toMatch(/Dewi/);
    expect(mentionsIn(dm?.message)).toEqual([]);
    expect(sent.find((s) => s.kind === 'reply')?.text).toMatch(/anoniem doorgestuurd naar Piet/);

    await press(t, 'dewi', anonymous);
    expect(t.adapter.take()[0]!.text).toMatch(/al doorgestuurd/);
    await t.command('anna', 'vragen');
    const [list] = t.adapter.take();
    expect(list?.text).toContain(offTopic);
    expect(list?.text).toMatch(/anoniem doorgestuurd/);
  });

  it('passes on with the asker named when asked, and the asker can see and erase that', async () => {
    await t.command('dewi', offTopic);
    const named = buttons(t.adapter.take()[0]!.message).find((b) => b.value.endsWith(':named'))!;
    await press(t, 'dewi', named);
    const dm = t.adapter.take().find((s) => s.kind === 'direct');
    expect(mentionsIn(dm?.message)).toEqual(['dewi']);
    const feature = t.app.bot.features().find((f) => f.name === 'advice')!;
    const nl = t.app.prompts.translator('nl');
    expect(JSON.stringify(await feature.personalData!({ platform: 'test', userId: 'dewi' }, nl))).toContain(offTopic);
    await feature.forgetPerson!({ platform: 'test', userId: 'dewi' });
    expect(await feature.personalData!({ platform: 'test', userId: 'dewi' }, nl)).toEqual([]);
    await t.command('anna', 'vragen');
    const list = t.adapter.take()[0]!.text;
    expect(list).toContain(offTopic);
    expect(list).not.toMatch(/Dewi/);
  });

  it('forgetting the asker drops the question they were still asked to keep or not', async () => {
    await t.command('dewi', offTopic);
    const keep = buttons(t.adapter.take()[0]!.message).find((b) => b.actionId === 'advice.keep')!;
    expect(JSON.stringify(await t.app.store.get(`advice:held:${keep.value}`))).toContain(offTopic);
    await t.app.bot.features().find((f) => f.name === 'advice')!.forgetPerson!({ platform: 'test', userId: 'dewi' });
    expect(await t.app.store.get(`advice:held:${keep.value}`)).toBeUndefined();
  });

  it('logs who asked, but no topic that ties a question held without a name to its stored copy', async () => {
    await t.command('dewi', offTopic);
    const held = t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'advice abstained')!;
    expect(held).toMatchObject({ held: true });
    expect(held).not.toHaveProperty('closest');
    await t.command('dewi', 'na de kick-off komt niemand meer');
    expect(t.logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'advice answered')).toMatchObject({ topic: 'sb-betrokkenheid' });
  });

  it('sends the question to the trekker when there is no procesbegeleider, and to the channel when DMs fail', async () => {
    await t.command('anna', 'rol weg procesbegeleider <@piet>');
    t.adapter.take();
    const original = t.adapter.sendDirect.bind(t.adapter);
    t.adapter.sendDirect = async (userId, message) => {
      if (userId === 'anna') throw new DeliveryError('permanent', 'dm-closed');
      return original(userId, message);
    };
    await t.command('dewi', offTopic);
    await press(t, 'dewi', buttons(t.adapter.take()[0]!.message).find((b) => b.value.endsWith(':anonymous'))!);
    const sent = t.adapter.take();
    const post = sent.find((s) => s.kind === 'channel');
    expect(post?.to).toBe('kanaal-1');
    expect(mentionsIn(post?.message)).toEqual(['anna']);
    expect(post?.text).not.toContain(offTopic);
  });

  it('logs nothing and offers no passing on outside a network', async () => {
    await t.command('zoe', offTopic, null);
    const [answer] = t.adapter.take();
    expect(answer?.text).toMatch(/Stel je vraag in het kanaal van je leernetwerk/);
    expect(buttons(answer?.message).some((b) => b.actionId === 'advice.pass')).toBe(false);
  });

  it('only lets leads read the unanswered questions', async () => {
    await t.command('dewi', 'vragen');
    expect(t.adapter.take()[0]!.text).toMatch(/Alleen de trekker/);
  });
});

describe('bad input', () => {
  it.each([
    ['empty', 'vraag'],
    ['10,000 characters', `hoe houden we deelnemers betrokken ${'en nog meer tekst '.repeat(600)}`],
    ['only emoji', 'vraag 😀🎉🙈'],
    ['HTML and markdown', '<script>alert(1)</script> **hoe** _houden_ we [deelnemers](http://x) betrokken?'],
    ['mention markup', '<!channel> @everyone <@U123> hoe houden we deelnemers betrokken'],
    ['mention markup with zero-width and RTL characters', '<\u200b!here> @\u202eeveryone waarom haken mensen af'],
    ['mixed languages', 'how do we keep deelnemers betrokken after the kick-off'],
  ])('%s: a sensible answer or a clear message, never a ping', async (_name, text) => {
    await t.command('dewi', text);
    const answers = t.adapter.take();
    expect(answers).toHaveLength(1);
    expect(answers[0]!.kind).toBe('reply');
    expect(mentionsIn(answers[0]!.message)).toEqual([]);
    expect(answers[0]!.text.length).toBeLessThan(5_000);
    expect(answers[0]!.text).not.toMatch(/onverwachte fout|unexpected/i);
  });
});
