// A session's plan: every input (start, zone, rules, held roles, timeline, the network's changes) counts.
import { describe, expect, it } from 'vitest';
import { planTasks } from '../../src/features/nudges/plan.ts';
import type { Timeline } from '../../src/features/nudges/timeline-data.ts';
import type { RoleName } from '../../src/domain/roles.ts';

const rules = { time: '09:00', holidays: { goodFriday: false, liberationDay: false } };
const zone = 'Europe/Amsterdam';
const timeline = (agendaWeeks = 6): Timeline => ({
  source: 'test',
  note: 'test',
  tasks: [
    { id: 'agenda', weeksBefore: agendaWeeks, role: 'trekker', advice: 'a' },
    { id: 'catering', weeksBefore: 2, role: 'procesbegeleider', preferRole: 'projectassistent', advice: 'a' },
  ],
});
const leads = new Set<RoleName>(['trekker', 'procesbegeleider']);
const start = new Date('2027-04-08T12:00:00Z');
const at = (startsAt: Date, timeZone = zone) => ({ startsAt, timeZone });

describe('planTasks', () => {
  it.each([
    ['the default', planTasks(timeline(), {}, at(start), rules, leads), { day: '2027-02-25', due: '2027-02-25T08:00:00.000Z', role: 'trekker' }],
    ['a week later', planTasks(timeline(), {}, at(new Date('2027-04-15T12:00:00Z')), rules, leads), { day: '2027-03-04' }],
    ['another zone', planTasks(timeline(), {}, at(start, 'America/New_York'), rules, leads), { due: '2027-02-25T14:00:00.000Z' }],
    ['another nudge time', planTasks(timeline(), {}, at(start), { ...rules, time: '08:00' }, leads), { due: '2027-02-25T07:00:00.000Z' }],
    ['another timeline', planTasks(timeline(8), {}, at(start), rules, leads), { day: '2027-02-11' }],
    ['a network change', planTasks(timeline(), { agenda: { off: true } }, at(start), rules, leads), { off: true, changed: true }],
    ['a moved task', planTasks(timeline(), { agenda: { weeksBefore: 3 } }, at(start), rules, leads), { day: '2027-03-18', weeksBefore: 3, changed: true }],
    ['another role', planTasks(timeline(), { agenda: { role: 'procesbegeleider' } }, at(start), rules, leads), { role: 'procesbegeleider' }],
  ])('plans the first task for %s', (_, plan, expected) => {
    const { day, due, ...rest } = expected as { day?: string; due?: string };
    const first = plan[0]!;
    if (day) expect(first.day).toBe(day);
    if (due) expect(first.due.toISOString()).toBe(due);
    expect(first).toMatchObject(rest);
  });

  it('gives catering to the projectassistent only when the network has one', () => {
    expect(planTasks(timeline(), {}, at(start), rules, leads)[1]!.role).toBe('procesbegeleider');
    expect(planTasks(timeline(), {}, at(start), rules, new Set([...leads, 'projectassistent' as RoleName]))[1]!.role).toBe('projectassistent');
    expect(planTasks(timeline(), {}, at(start), rules, leads)[0]).toMatchObject({ off: false, changed: false });
  });
});
