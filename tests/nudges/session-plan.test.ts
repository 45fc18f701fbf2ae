// Plans of networks without changes are shared between sessions; every input of a plan must still count.
import { describe, expect, it } from 'vitest';
import { dueTable } from '../../src/features/nudges/due-moment.ts';
import { planTasks, sessionPlan } from '../../src/features/nudges/plan.ts';
import type { Timeline } from '../../src/features/nudges/timeline-data.ts';
import type { RoleName } from '../../src/domain/roles.ts';

const rules = { time: '09:00', holidays: { goodFriday: false, liberationDay: false } };
const zone = 'Europe/Amsterdam';
const timeline = (): Timeline => ({
  source: 'test',
  note: 'test',
  tasks: [
    { id: 'agenda', weeksBefore: 6, role: 'trekker', advice: 'a' },
    { id: 'catering', weeksBefore: 2, role: 'procesbegeleider', preferRole: 'projectassistent', advice: 'a' },
  ],
});
const leads = new Set<RoleName>(['trekker', 'procesbegeleider']);
const start = new Date('2027-04-08T12:00:00Z');

describe('sessionPlan', () => {
  it('gives sessions that start together in unchanged networks the same plan, equal to a fresh one', () => {
    const shared = timeline();
    const first = sessionPlan(shared, {}, dueTable(start, zone, rules), leads);
    const second = sessionPlan(shared, {}, dueTable(new Date(start), zone, rules), new Set(['procesbegeleider', 'trekker'] as RoleName[]));
    expect(second).toBe(first);
    expect(first).toEqual(planTasks(shared, {}, dueTable(start, zone, rules).of, leads));
    expect(first.map((task) => [task.id, task.day])).toEqual([
      ['agenda', '2027-02-25'],
      ['catering', '2027-03-25'],
    ]);
  });

  it('plans apart what differs: start, zone, rules, held roles, timeline, and a network change', () => {
    const shared = timeline();
    const base = sessionPlan(shared, {}, dueTable(start, zone, rules), leads);
    const later = sessionPlan(shared, {}, dueTable(new Date('2027-04-15T12:00:00Z'), zone, rules), leads);
    expect(later[0]!.day).toBe('2027-03-04');
    const elsewhere = sessionPlan(shared, {}, dueTable(start, 'America/New_York', rules), leads);
    expect(elsewhere[0]!.due.toISOString()).toBe('2027-02-25T14:00:00.000Z');
    const earlier = sessionPlan(shared, {}, dueTable(start, zone, { ...rules, time: '08:00' }), leads);
    expect(earlier[0]!.due.toISOString()).toBe('2027-02-25T07:00:00.000Z');
    const withAssistant = sessionPlan(shared, {}, dueTable(start, zone, rules), new Set([...leads, 'projectassistent' as RoleName]));
    expect(withAssistant[1]!.role).toBe('projectassistent');
    expect(base[1]!.role).toBe('procesbegeleider');
    const other = timeline();
    other.tasks[0]!.weeksBefore = 8;
    expect(sessionPlan(other, {}, dueTable(start, zone, rules), leads)[0]!.day).toBe('2027-02-11');
    const changed = sessionPlan(shared, { agenda: { off: true } }, dueTable(start, zone, rules), leads);
    expect(changed[0]).toMatchObject({ off: true, changed: true });
    expect(sessionPlan(shared, {}, dueTable(start, zone, rules), leads)[0]).toMatchObject({ off: false, changed: false });
  });
});
