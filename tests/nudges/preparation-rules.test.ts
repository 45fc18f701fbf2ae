// The rules of issue 20 §1-2 as tables of given/then rows: when a task falls due, which items a
// session has at a moment, who gets each line, and what a close session does to the plan.
import { describe, expect, it } from 'vitest';
import type { RoleName } from '../../src/domain/roles.ts';
import type { Network, Session } from '../../src/domain/types.ts';
import { pendingLines } from '../../src/features/nudges/digest.ts';
import { nudgeMomentFrom } from '../../src/features/nudges/due-moment.ts';
import { dueItems } from '../../src/features/nudges/due-work.ts';
import { planTasks } from '../../src/features/nudges/plan.ts';
import type { SessionView } from '../../src/features/nudges/session-view.ts';
import { previousSession } from '../../src/features/nudges/session-view.ts';
import { spacingImpact } from '../../src/features/nudges/spacing.ts';
import type { TaskState } from '../../src/features/nudges/task-states.ts';
import type { Timeline } from '../../src/features/nudges/timeline-data.ts';
import { addHeldSession, createHarness, runUntil, setUpNetwork } from './nudge-harness.ts';
import { messageToPlainText } from '../../src/core/message.ts';

const ZONE = 'Europe/Amsterdam';
const rules = { time: '09:00', holidays: { goodFriday: false, liberationDay: false } };
const utc = (iso: string) => new Date(iso);

describe('the first nudge moment from an instant', () => {
  it.each([
    ['before 09:00 on a working day: that day', '2027-03-01T07:00:00Z', '2027-03-01T08:00:00.000Z'],
    ['exactly 09:00: that moment', '2027-03-01T08:00:00Z', '2027-03-01T08:00:00.000Z'],
    ['after 09:00: the next working day', '2027-03-01T08:00:01Z', '2027-03-02T08:00:00.000Z'],
    ['a session ending Friday 17:00: Monday', '2027-03-05T16:00:00Z', '2027-03-08T08:00:00.000Z'],
    ['Saturday: Monday', '2027-03-06T10:00:00Z', '2027-03-08T08:00:00.000Z'],
    ['Thursday before Easter, afternoon: Tuesday after Tweede Paasdag, in summer time', '2027-03-25T14:00:00Z', '2027-03-26T08:00:00.000Z'],
    ['Good Friday evening: Tuesday (Tweede Paasdag is a holiday), in summer time', '2027-03-26T18:00:00Z', '2027-03-30T07:00:00.000Z'],
  ])('%s', (_, from, expected) => {
    expect(nudgeMomentFrom(utc(from), ZONE, rules).at.toISOString()).toBe(expected);
  });
});

const session = (id: string, date: string, status: Session['status'] = 'planned'): Session => {
  const startsAt = utc(`${date}T13:00:00Z`);
  return { id, networkId: 'n', date, time: '14:00', timeZone: ZONE, startsAt, status, createdAt: startsAt, createdBy: 'anna', updatedAt: startsAt, movedFrom: [] };
};

describe('the previous session', () => {
  const first = session('a', '2027-01-14');
  const cancelled = session('b', '2027-03-11', 'cancelled');
  const second = session('c', '2027-04-08');
  it.each([
    ['the first session has none', [first, second], first, undefined],
    ['the latest planned one before', [first, second], second, 'a'],
    ['a cancelled session does not count', [first, cancelled, second], second, 'a'],
    ['a session never precedes itself', [second], second, undefined],
    ['nor does a later one', [first, second], session('d', '2027-02-01'), 'a'],
  ])('%s', (_, sessions, of, expected) => {
    expect(previousSession(sessions, of)?.id).toBe(expected);
  });
});

const timeline: Timeline = {
  source: 's',
  note: 'n',
  tasks: [
    { id: 'notulen', about: 'previous', weeksBefore: 12, role: 'procesbegeleider', advice: 'a' },
    { id: 'agenda', weeksBefore: 6, role: 'trekker', advice: 'a' },
    { id: 'catering', weeksBefore: 2, role: 'communicatieadviseur', advice: 'a' },
  ],
};
const startsAt = utc('2027-04-08T12:00:00Z');

describe('a plan after a close previous session', () => {
  it.each([
    ['no previous session: the plain weeks', undefined, ['2027-01-14', '2027-02-25', '2027-03-25']],
    ['a previous session long before: unchanged', '2026-12-10T16:00:00Z', ['2027-01-14', '2027-02-25', '2027-03-25']],
    ['a previous session ending 4 March: nothing before Friday 5 March', '2027-03-04T16:00:00Z', ['2027-03-05', '2027-03-05', '2027-03-25']],
    ['ending 1 April: everything from Friday 2 April', '2027-04-01T15:00:00Z', ['2027-04-02', '2027-04-02', '2027-04-02']],
  ])('%s', (_, previousEnd, days) => {
    const notBefore = previousEnd ? nudgeMomentFrom(utc(previousEnd), ZONE, rules) : undefined;
    expect(planTasks(timeline, {}, { startsAt, timeZone: ZONE, notBefore }, rules, new Set()).map((task) => task.day)).toEqual(days);
  });
});

const network: Network = { id: 'n', name: 'Jeugd', platform: 'test', channelId: 'kanaal', timeZone: ZONE, createdAt: utc('2026-01-01T00:00:00Z'), createdBy: 'anna' };

function viewWith(given: { updatedAt?: string; states?: Record<string, TaskState>; nudged?: string[]; holders?: Partial<Record<RoleName, string[]>>; status?: Session['status']; sent?: Record<string, string> }): SessionView {
  const s = { ...session('s', '2027-04-08'), status: given.status ?? 'planned', updatedAt: utc(given.updatedAt ?? '2027-01-04T08:00:00Z') };
  const plan = planTasks(timeline, {}, { startsAt: s.startsAt, timeZone: ZONE }, rules, new Set());
  const states = new Map(plan.map((task) => [task.id, given.states?.[task.id] ?? { status: 'open' as const, laterRounds: 0 }]));
  const holders = new Map(Object.entries(given.holders ?? { trekker: ['anna'], procesbegeleider: ['bram'] }) as Array<[RoleName, string[]]>);
  return { session: s, network, previous: undefined, plan, states, nudged: new Set(given.nudged ?? []), sent: new Map(Object.entries(given.sent ?? {})), holders, weekBefore: utc('2027-04-01T07:00:00Z') };
}

describe('what a session has due at a moment', () => {
  const done: TaskState = { status: 'done', laterRounds: 0 };
  it.each([
    ['a task on its day', {}, '2027-01-14T08:00:00Z', ['task notulen due']],
    ['nothing the minute before', {}, '2027-01-14T07:59:00Z', []],
    ['a done task: nothing', { states: { notulen: done } }, '2027-01-14T08:00:00Z', []],
    ['24 hours late (downtime): still sent', {}, '2027-01-15T08:00:00Z', ['task notulen due']],
    ['49 hours late and never sent: listed as missed', {}, '2027-01-16T09:00:00Z', ['missed notulen']],
    ['due before the session was planned: not before the next 09:00', { updatedAt: '2027-03-01T10:00:00Z' }, '2027-03-01T10:05:00Z', []],
    ['then once, as catch-up', { updatedAt: '2027-03-01T10:00:00Z' }, '2027-03-02T08:00:00Z', ['task notulen catchUp', 'task agenda catchUp']],
    ['caught up already (nudged): not again', { updatedAt: '2027-03-01T10:00:00Z', nudged: ['notulen', 'agenda'] }, '2027-03-03T08:00:00Z', []],
    ['put off until now: the later round', { states: { agenda: { status: 'open', laterUntil: utc('2027-03-01T08:00:00Z'), laterRounds: 2 } }, nudged: ['notulen', 'agenda'] }, '2027-03-01T08:00:00Z', ['task agenda later']],
    ['a week before: open tasks handed over, and the overview', { states: { notulen: done, agenda: done }, nudged: ['catering'] }, '2027-04-01T07:00:00Z', ['handover catering', 'overview']],
    ['moved within its last week: a task handed over days ago is not handed over again, the overview is', { states: { notulen: done, agenda: done }, nudged: ['catering'], updatedAt: '2027-03-30T10:00:00Z', sent: { 'handover:catering:202703290700|anna': '2027-03-29' } }, '2027-04-01T07:00:00Z', ['overview']],
    ['planned late, its tasks caught up three days before: not handed over yet, the overview is', { nudged: ['notulen', 'agenda', 'catering'], updatedAt: '2027-03-28T10:00:00Z', sent: { 'task:notulen:202701140800|bram': '2027-03-29', 'task:agenda:202702250800|anna': '2027-03-29', 'task:catering:202703250800|anna': '2027-03-29' } }, '2027-04-01T07:00:00Z', ['overview']],
    ['a task nudged on its own day days before: handed over', { states: { notulen: done, agenda: done }, nudged: ['catering'], sent: { 'task:catering:202703250800|anna': '2027-03-25' } }, '2027-04-01T07:00:00Z', ['handover catering', 'overview']],
    ['moved a week later: handed over again a week before the new day', { states: { notulen: done, agenda: done }, nudged: ['catering'], updatedAt: '2027-03-26T10:00:00Z', sent: { 'handover:catering:202703250800|anna': '2027-03-25' } }, '2027-04-01T07:00:00Z', ['handover catering', 'overview']],
    ['moved weeks later: handed over again a week before the new day', { states: { notulen: done, agenda: done }, nudged: ['catering'], updatedAt: '2027-03-22T10:00:00Z', sent: { 'handover:catering:202703180800|anna': '2027-03-18' } }, '2027-04-01T07:00:00Z', ['handover catering', 'overview']],
    ['a cancelled session: nothing', { status: 'cancelled' }, '2027-01-14T08:00:00Z', []],
    ['after the start: nothing', {}, '2027-04-08T13:00:00Z', []],
  ] as const)('%s', (_, given, now, expected) => {
    const items = dueItems(viewWith(given as Parameters<typeof viewWith>[0]), utc(now), rules);
    expect(items.map((item) => [item.kind, 'task' in item ? item.task.id : undefined, item.kind === 'task' ? item.reason : undefined].filter(Boolean).join(' '))).toEqual(expected);
  });
});

describe('who gets a line', () => {
  it.each([
    ['the role holder', { trekker: ['anna'], procesbegeleider: ['bram'] }, {}, 'task notulen', ['bram']],
    ['every holder of the role', { trekker: ['anna'], procesbegeleider: ['bram', 'bo'] }, {}, 'task notulen', ['bo', 'bram']],
    ['an empty role: the trekker, on its behalf', { trekker: ['anna'] }, {}, 'task notulen', ['anna (procesbegeleider)']],
    ['no trekker either: the channel', {}, {}, 'task notulen', ['#channel (procesbegeleider)']],
    ['a hand-over: the other lead', { trekker: ['anna'], procesbegeleider: ['bram'] }, {}, 'handover agenda', ['bram (trekker)']],
    ["a hand-over of a task done in an empty role's stead: nobody else", { trekker: ['anna'], procesbegeleider: ['bram'] }, {}, 'handover catering', []],
    ['the overview: the trekker', { trekker: ['anna'], procesbegeleider: ['bram'] }, {}, 'overview', ['anna']],
    ['a line delivered before: nobody', { trekker: ['anna'], procesbegeleider: ['bram'] }, { 'task:notulen:202701140800|bram': '2027-01-14' }, 'task notulen', []],
  ] as const)('%s', (_, holders, sent, item, expected) => {
    // Tasks on 14 January; hand-overs and overview a week before, with notulen done.
    const weekBefore = !item.startsWith('task');
    const view = viewWith({ holders: holders as Partial<Record<RoleName, string[]>>, sent, ...(weekBefore ? { states: { notulen: { status: 'done', laterRounds: 0 } }, nudged: ['agenda', 'catering'] } : {}) });
    const items = dueItems(view, utc(weekBefore ? '2027-04-01T07:00:00Z' : '2027-01-14T08:00:00Z'), rules).filter((i) => [i.kind, 'task' in i ? i.task.id : undefined].filter(Boolean).join(' ') === item);
    const lines = pendingLines(view, items);
    expect(lines.map((l) => `${l.userId ?? '#channel'}${l.line.onBehalfOf ? ` (${l.line.onBehalfOf})` : ''}`).sort()).toEqual(expected);
  });
});

describe('sessions close together', () => {
  it.each([
    ['two weeks after another: all 15 tasks wait for it to end', '2027-03-25', { after: true, days: 14, moved: 15 }],
    ['five weeks after: nothing to confirm', '2027-04-15', undefined],
    ['three weeks before one: 12 of its tasks (those 4 to 12 weeks ahead) wait', '2027-02-18', { after: false, days: 21, moved: 12 }],
  ])('%s', async (_, date, expected) => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h, '2027-03-11 14:00');
    const net = (await h.app.directory.all())[0]!;
    const deps = { sessions: h.app.sessions, timelines: (await import('../../src/features/nudges/timeline-data.ts')).loadTimelines('data', new Set(h.app.knowledge.byId.keys())), rules };
    const impact = await spacingImpact(deps, net, utc(`${date}T13:00:00Z`), h.clock.now());
    if (expected === undefined) expect(impact).toBeUndefined();
    else expect(impact).toMatchObject({ ...expected, total: 15 });
  });

  it.each([
    // 1 March is winter time, 29 March summer time: 14:00 to 14:00 is an hour short of 28 × 24 hours.
    ['four weeks after, across the change to summer time', '2027-03-01 14:00', 'sessie 2027-03-29 14:00'],
    ['four weeks after, in the morning', '2027-03-11 14:00', 'sessie 2027-04-08 10:00'],
    ['four weeks before, in the afternoon', '2027-04-08 10:00', 'sessie 2027-03-11 14:00'],
  ])('plans a session %s without asking: four weeks is the usual rhythm', async (_, first, second) => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h, first);
    await h.run('anna', second);
    const replies = h.timed.log.filter((d) => d.kind === 'reply' && d.to === 'anna').map((d) => messageToPlainText(d.message));
    expect(replies.filter((text) => /Toch plannen|valt \d+ weken/.test(text))).toEqual([]);
    const network = (await h.app.directory.all())[0]!;
    expect(await h.app.sessions.upcoming(network.id)).toHaveLength(2);
  });

  it('still asks a day short of four weeks', async () => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h, '2027-03-11 10:00');
    await h.run('anna', 'sessie 2027-04-07 16:00');
    const reply = messageToPlainText(h.timed.log.filter((d) => d.kind === 'reply' && d.to === 'anna').at(-1)!.message);
    expect(reply).toMatch(/Deze sessie valt 3 weken na de sessie van donderdag 11 maart 2027, 10:00/);
  });

  it('names the next nudge moment, not a day already past, when the other session was held days ago', async () => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h, '2027-03-11 14:00');
    // Wednesday 17 March: the session of 11 March was held; one three weeks after it is planned.
    h.clock.set(utc('2027-03-17T09:00:00Z'));
    await h.run('anna', 'sessie 2027-04-01 14:00');
    const warning = messageToPlainText(h.timed.log.filter((d) => d.kind === 'reply' && d.to === 'anna').at(-1)!.message);
    // Everything due before Thursday 18 March 09:00 comes then: 12 tasks; the three of two weeks before fall on that day anyway.
    expect(warning).toMatch(/12 van de 15 taken schuiven op naar do 18 mrt 2027 09:00/);
  });

  it('asks before planning a session within four weeks, says what it does, and plans it on "Toch plannen" or with `bevestig`', async () => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h, '2027-03-11 14:00');
    await h.run('anna', 'sessie 2027-03-25 14:00');
    const warning = h.timed.log.filter((d) => d.kind === 'reply' && d.to === 'anna').at(-1)!;
    expect(messageToPlainText(warning.message)).toMatch(/Deze sessie valt 2 weken na de sessie van donderdag 11 maart 2027.*15 van de 15 taken schuiven op naar vr 12 mrt 2027 09:00/);
    const network = (await h.app.directory.all())[0]!;
    expect((await h.app.sessions.upcoming(network.id)).map((s) => s.date)).toEqual(['2027-03-11']);
    const button = warning.message.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0]!;
    await h.press('sanne', button.actionId, button.value);
    expect((await h.app.sessions.upcoming(network.id)).map((s) => s.date)).toEqual(['2027-03-11']);
    await h.press('anna', button.actionId, button.value);
    expect((await h.app.sessions.upcoming(network.id)).map((s) => s.date)).toEqual(['2027-03-11', '2027-03-25']);
    await h.run('anna', 'sessie 2027-04-01 14:00 bevestig');
    expect((await h.app.sessions.upcoming(network.id)).map((s) => s.date)).toEqual(['2027-03-11', '2027-03-25', '2027-04-01']);
  });
});

describe('one digest per person per day', () => {
  it('holds the tasks of every network a person leads, in one message', async () => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h);
    await h.run('anna', 'start Zorg', 'kanaal-2');
    await h.run('anna', 'rol procesbegeleider <@bram>', 'kanaal-2');
    await addHeldSession(h, (await h.app.directory.byChannel('test', 'kanaal-2'))!.id, '2026-12-10');
    await h.run('anna', 'sessie 2027-04-08 10:00', 'kanaal-2');
    await runUntil([h], utc('2027-01-15T00:00:00Z'));
    const digests = h.timed.digests();
    expect(digests.map((d) => d.to).sort()).toEqual(['anna', 'bram']);
    expect(digests.find((d) => d.to === 'bram')!.tasks).toHaveLength(6);
    // The nearest session first: Zorg meets at 10:00, Jeugd at 14:00 that day.
    expect(messageToPlainText(digests.find((d) => d.to === 'anna')!.message)).toMatch(/Zorg · sessie[\s\S]*Jeugd · sessie/);
  });

  it("keeps what comes due after the day's digest for the next one", async () => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h);
    await runUntil([h], utc('2027-01-14T09:00:00Z'));
    // At 10:00 a timeline change makes "voortgang" due today at 09:00 (12 weeks before): Anna had her digest.
    h.clock.set(utc('2027-01-14T09:00:00Z'));
    await h.run('anna', 'tijdlijn verplaats voortgang 12');
    h.clock.set(utc('2027-01-14T09:01:00Z'));
    await h.app.bot.tick(h.clock.now()); // the minute tick finds it due, and Anna's digest of the day sent
    await runUntil([h], utc('2027-01-16T00:00:00Z'));
    const anna = h.timed.digests().filter((d) => d.to === 'anna');
    expect(anna.map((d) => [d.at, d.tasks.map((l) => l.task)])).toEqual([
      ['2027-01-14T08:00:00.000Z', ['geleerde-lessen']],
      ['2027-01-15T08:00:00.000Z', ['voortgang']],
    ]);
  });
});

describe('a session moved within its last week', () => {
  it('hands the open tasks to the other lead once, and gives the trekker the overview for the new day', async () => {
    const h = await createHarness({ start: utc('2027-01-04T08:00:00Z') });
    await setUpNetwork(h, '2027-04-08 14:00');
    // Thursday 1 April, a week before: the hand-overs and the overview.
    await runUntil([h], utc('2027-04-02T08:00:00Z'));
    const handedOver = (to: string, day: string) => h.timed.nudges().filter((l) => l.to === to && l.at.startsWith(day) && messageToPlainText(l.message).includes('Nog een week tot de sessie, en deze taken'));
    expect(handedOver('bram', '2027-04-01').length).toBeGreaterThan(0);
    // Friday 2 April the session moves to Monday 12 April: its week before is Monday 5 April.
    await h.run('anna', 'sessie verplaats 2027-04-08 2027-04-12');
    await runUntil([h], utc('2027-04-06T08:00:00Z'));
    expect(handedOver('bram', '2027-04-05')).toEqual([]);
    expect(handedOver('anna', '2027-04-05')).toEqual([]);
    const overview = h.timed.digests().filter((d) => d.to === 'anna' && d.at.startsWith('2027-04-05'));
    expect(overview.map((d) => messageToPlainText(d.message))).toEqual([expect.stringMatching(/Nog een week tot de sessie van Jeugd op maandag 12 april 2027/)]);
  });
});
