// Domain events as an outbox: recorded in the store before handlers run, run again after a crash
// or a failing handler until every handler succeeded, once per event id across processes.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import type { DomainEvent } from '../../src/core/domain-events.ts';
import { DomainEvents, eventId } from '../../src/core/domain-events.ts';
import { createLogger } from '../../src/core/logger.ts';
import { SessionPlanner } from '../../src/domain/session-planner.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';

const AT = new Date('2027-03-01T09:00:00Z');
const closed: DomainEvent = { type: 'pulse.closed', networkId: 'n1', pulseId: 'p1', invited: 5, respondents: 5, at: AT };

function setup(store = new MemoryStore(), clock: Clock = new SimulatedClock(AT)) {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _e, done) => { lines.push(String(chunk)); done(); } });
  const events = new DomainEvents({ store, clock, log: createLogger('info', sink), instanceId: `p-${Math.random()}` });
  const seen: DomainEvent[] = [];
  events.on('pulse.closed', (event) => void seen.push(event));
  return { events, store, clock: clock as SimulatedClock, seen, lines };
}

describe('DomainEvents', () => {
  it('runs the handlers of an event once, however often the same change emits it', async () => {
    const { events, seen } = setup();
    await events.emit(closed);
    await events.emit({ ...closed });
    expect(seen).toEqual([closed]);
    await events.emit({ ...closed, pulseId: 'p2' });
    expect(seen.map((e) => (e.type === 'pulse.closed' ? e.pulseId : ''))).toEqual(['p1', 'p2']);
  });

  it('runs an event recorded by a process that died before its handlers ran, a minute later', async () => {
    const store = new MemoryStore();
    const dead = setup(store);
    // What emit writes first; the process is killed right after.
    await store.commit(dead.events.pendingWrites(closed));
    const restarted = setup(store);
    await restarted.events.redispatch(restarted.clock.now());
    expect(restarted.seen).toEqual([]);
    expect(await restarted.events.nextDue(restarted.clock.now())).toEqual(new Date(AT.getTime() + 60_000));
    restarted.clock.advance(60_000);
    await restarted.events.redispatch(restarted.clock.now());
    expect(restarted.seen).toEqual([closed]);
    restarted.clock.advance(60 * 60_000);
    await restarted.events.redispatch(restarted.clock.now());
    expect(restarted.seen).toHaveLength(1);
    expect(await store.setMembers('domain-events:pending')).toEqual([]);
  });

  it('runs a failing handler again with growing waits, the other handlers with it, until it succeeds', async () => {
    const { events, clock, seen, lines } = setup();
    let failures = 2;
    events.on('pulse.closed', () => {
      if (failures-- > 0) throw new Error('store unreachable');
    });
    await events.emit(closed);
    expect(seen).toHaveLength(1);
    expect(lines.join('')).toMatch(/domain event handler failed/);
    clock.advance(60_000);
    await events.redispatch(clock.now());
    expect(seen).toHaveLength(2);
    clock.advance(60_000);
    await events.redispatch(clock.now());
    expect(seen).toHaveLength(2);
    clock.advance(60_000);
    await events.redispatch(clock.now());
    expect(seen).toHaveLength(3);
    clock.advance(24 * 3_600_000);
    await events.redispatch(clock.now());
    expect(seen).toHaveLength(3);
  });

  it('gives an event up after a day and a half of failing handlers, and says so', async () => {
    const { events, clock, lines } = setup();
    events.on('pulse.closed', () => {
      throw new Error('bug');
    });
    await events.emit(closed);
    for (let i = 0; i < 100; i++) {
      clock.advance(3_600_000);
      await events.redispatch(clock.now());
    }
    expect(lines.join('').match(/domain event handler failed/g)).toHaveLength(12);
    expect(lines.join('')).toMatch(/given up/);
  });

  it('lets one of several processes run a pending event, once', async () => {
    const store = new MemoryStore();
    const writer = setup(store);
    await store.commit(writer.events.pendingWrites(closed));
    const replicas = [setup(store), setup(store), setup(store)];
    for (const r of replicas) r.clock.advance(60_000);
    await Promise.all(replicas.map((r) => r.events.redispatch(r.clock.now())));
    expect(replicas.flatMap((r) => r.seen)).toHaveLength(1);
  });

  it('runs a pending event when the clock is set back an hour rather than an hour late', async () => {
    const store = new MemoryStore();
    let now = AT;
    const clock: Clock = { now: () => now };
    const dead = setup(store, clock);
    await store.commit(dead.events.pendingWrites(closed));
    now = new Date(AT.getTime() - 3_600_000);
    const restarted = setup(store, clock);
    await restarted.events.redispatch(now);
    expect(restarted.seen).toEqual([closed]);
  });

  it('keeps nothing of a handled event but its hashed id: no user id stays behind', async () => {
    const { events, store } = setup();
    const forgotten: DomainEvent = { type: 'person.forgotten', platform: 'slack', userId: 'U0SECRET01', at: AT };
    await events.emit(forgotten);
    expect(JSON.stringify(store.dump())).not.toContain('U0SECRET01');
    expect(eventId(forgotten)).toContain('U0SECRET01');
  });

  it('records a planned session and its event in one commit, so nudges re-plan after a crash right after it', async () => {
    const store = new MemoryStore();
    const clock = new SimulatedClock(AT);
    const dead = new DomainEvents({ store, clock, log: createLogger('silent') });
    // This process dies after the commit, before any handler ran.
    dead.dispatch = async () => undefined;
    const planned = await new SessionPlanner(store, clock, dead).plan('n1', { date: '2027-04-08', time: '14:00', timeZone: 'Europe/Amsterdam' }, 'anna');
    if (!planned.ok) throw new Error(planned.reason);
    const restarted = new DomainEvents({ store, clock, log: createLogger('silent') });
    const scheduled: string[] = [];
    restarted.on('session.planned', (event) => void scheduled.push(event.sessionId));
    clock.advance(60_000);
    await restarted.redispatch(clock.now());
    expect(scheduled).toEqual([planned.session.id]);
  });
});
