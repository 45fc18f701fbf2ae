// /liso tijdlijn as documented: any planned session's plan by date, tasks by id or by title in
// any case or accents (several words too), marking per session, and thanks to those who marked.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNudgeTimelines } from '../../src/features/nudges/nudges-feature.ts';
import { allTasks } from '../../src/features/nudges/timeline-data.ts';
import { findTask, foldName } from '../../src/features/nudges/task-lookup.ts';
import { createSessionsHarness, holdFirstSession } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';

const root = path.resolve(import.meta.dirname, '../..');

async function network(h: SessionsHarness): Promise<void> {
  await h.run('anna', 'start Jeugd');
  await h.run('anna', 'rol procesbegeleider <@bram>');
  await h.run('anna', 'rol projectassistent <@piet>');
  await holdFirstSession(h);
  await h.run('anna', 'sessie 2027-04-08 14:00');
  await h.run('anna', 'sessie 2027-07-08 14:00');
}

describe('task lookup', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldName('  (Visuele)  Notulen délen ')).toBe('visuele notulen delen');
  });

  it.each([
    ['agenda', 'agenda'],
    ['Agenda delen', 'agenda'],
    ['AGENDA DELEN', 'agenda'],
    ['Agénda delen', 'agenda'],
    ['visuele notulen delen', 'notulen'],
    ['(Visuele) notulen', 'notulen'],
    ['Share the agenda', 'agenda'],
    ['voortgang', 'voortgang'],
    ['Actiepunten nalopen', 'actiepunten'],
    ['ervaringsdeskundigen', 'ervaringsdeskundigen'],
    // Part of one task's title only: that one.
    ['notulen delen', 'notulen'],
  ])('%j is %s', async (typed, id) => {
    const h = await createSessionsHarness();
    const tasks = allTasks(loadNudgeTimelines(path.join(root, 'data'), h.app.knowledge, h.app.prompts));
    expect(findTask(tasks, typed, [h.app.prompts.translator('nl'), h.app.prompts.translator('en')])?.id).toBe(id);
  });
});

describe('/liso tijdlijn', () => {
  it('shows the plan of any planned session by its date', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'tijdlijn 2027-07-08');
    expect(h.lastReply('anna')).toMatch(/^Voorbereiding Jeugd: sessie donderdag 8 juli 2027, 14:00\n/);
    await h.run('anna', 'tijdlijn');
    expect(h.lastReply('anna')).toMatch(/^Voorbereiding Jeugd: sessie donderdag 8 april 2027, 14:00\n/);
    await h.run('anna', 'tijdlijn 2027-05-06');
    expect(h.lastReply('anna')).toMatch(/Op donderdag 6 mei 2027 staat geen sessie gepland/);
  });

  it('asks which task is meant when the typed name is part of several, naming only those', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'tijdlijn gedaan werkvorm');
    const reply = h.lastReply('anna');
    expect(reply).toMatch(/^Welke taak bedoel je met werkvorm: (werkvorm-eerste of werkvormen|werkvormen of werkvorm-eerste)\?$/);
    expect(reply).not.toMatch(/agenda/);
  });

  it('changes a task named by a title of several words', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('anna', 'tijdlijn verplaats Agenda delen 5');
    expect(h.lastReply('anna')).toMatch(/Agenda delen valt nu 5 weken voor elke sessie van Jeugd/);
    await h.run('anna', 'tijdlijn rol Catering regelen procesbegeleider');
    expect(h.lastReply('anna')).toMatch(/Catering regelen is nu een taak van de procesbegeleider in Jeugd/i);
    await h.run('anna', 'tijdlijn uit voorbespreken ERVARINGSDESKUNDIGEN');
    expect(h.lastReply('anna')).toMatch(/Voorbespreken ervaringsdeskundigen staat nu uit/);
    await h.run('anna', 'tijdlijn');
    expect(h.lastReply('anna')).toMatch(/do 4 mrt 2027 09:00 · Agenda delen agenda · trekker · gepland \(aangepast\)/i);
    await h.run('anna', 'tijdlijn verplaats');
    expect(h.lastReply('anna')).toMatch(/Er mist de taak/);
    await h.run('anna', 'tijdlijn verplaats Agenda delen');
    expect(h.lastReply('anna')).toMatch(/Geef het aantal weken/);
  });

  it('marks a task of a session by date, and refuses a cancelled one, changing nothing', async () => {
    const h = await createSessionsHarness();
    await network(h);
    await h.run('bram', 'tijdlijn gedaan Agenda delen 2027-07-08');
    expect(h.lastReply('bram')).toMatch(/Agenda delen staat op gedaan voor de sessie van donderdag 8 juli 2027, 14:00/);
    await h.run('anna', 'sessie annuleer 2027-04-08');
    await h.run('bram', 'tijdlijn nvt catering 2027-04-08');
    expect(h.lastReply('bram')).toMatch(/De sessie van donderdag 8 april 2027, 14:00 is geannuleerd; er valt niets meer af te vinken en er is niets veranderd/);
    const networkId = (await h.app.directory.all())[0]!.id;
    const april = (await h.app.sessions.list(networkId)).find((s) => s.date === '2027-04-08')!;
    const [records] = await h.app.store.hashGetAllMany<unknown>([`nudges:tasks:${april.id}`]);
    expect([...records!.keys()].filter((field) => field.startsWith('state:'))).toEqual([]);
  });

  it('thanks whoever marked the tasks when the preparation is complete', async () => {
    const h = await createSessionsHarness();
    await network(h);
    const timeline = loadNudgeTimelines(path.join(root, 'data'), h.app.knowledge, h.app.prompts).regular;
    await h.run('piet', 'tijdlijn gedaan catering');
    for (const task of timeline.tasks.filter((t) => t.id !== 'catering')) await h.run('bram', `tijdlijn gedaan ${task.id}`);
    // The celebration leaves through the delivery outbox on the next tick.
    await h.walk(new Date(h.clock.now().getTime() + 60_000));
    const thanks = h.log.filter((m) => m.kind === 'channel' && m.text.includes('Alle voorbereiding'));
    expect(thanks).toHaveLength(1);
    expect(thanks[0]!.text).toMatch(/Met dank aan @Bram en @Piet/);
    expect(thanks[0]!.text).not.toMatch(/@Anna/);
  });
});
