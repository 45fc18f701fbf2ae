// Two bot processes on one Redis store: double votes count once, and a pulse closes once.
import { afterEach, describe, expect, it } from 'vitest';
import type { PulseResult } from '../../src/features/pulse/pulse-types.ts';
import { RedisStore } from '../../src/store/redis-store.ts';
import { countOf } from '../../src/features/pulse/tally.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { DAY, inviteOf, networkWith, participantIds, recordEvents, vote } from './pulse-helpers.ts';

const redisUrl = process.env['REDIS_URL'];
const skip = redisUrl ? undefined : 'REDIS_URL is not set; two-process pulse tests skipped';
const START = new Date('2027-01-04T08:00:00Z');
const opened: RedisStore[] = [];

afterEach(async () => {
  if (opened[0]) await opened[0].clearPrefix();
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

describe.skipIf(skip !== undefined)(`pulse on one Redis store shared by two apps${skip ? ` (${skip})` : ''}`, () => {
  it('counts simultaneous presses from both apps once per person, and closes and reports once', async () => {
    const prefix = `liso-pulse-test:${process.pid}:${Date.now()}:`;
    const [storeA, storeB] = await Promise.all([RedisStore.open(redisUrl!, prefix), RedisStore.open(redisUrl!, prefix)]);
    opened.push(storeA, storeB);
    const a = await createTestApp({ start: START, store: storeA });
    const b = await createTestApp({ start: START, store: storeB });
    const eventsA = recordEvents(a, 'pulse.closed');
    const eventsB = recordEvents(b, 'pulse.closed');
    const participants = participantIds(4);
    await networkWith(a, participants);
    await a.command('anna', 'pulse');
    const { pulseId } = inviteOf(a.adapter.take(), participants[0]!);
    await Promise.all(
      participants.flatMap((person, i) => [
        vote(a, person, pulseId, 'sessie', 1 + (i % 5)),
        vote(b, person, pulseId, 'sessie', 1 + ((i + 1) % 5)),
        vote(a, person, pulseId, 'sessie', 1 + ((i + 2) % 5)),
        vote(b, person, pulseId, 'leren', 3),
        vote(a, person, pulseId, 'leren', 3),
      ]),
    );
    const closing = new Date(START.getTime() + 7 * DAY + 60_000);
    a.clock.set(closing);
    b.clock.set(closing);
    a.adapter.take();
    b.adapter.take();
    await Promise.all([a.app.bot.tick(closing), b.app.bot.tick(closing), a.app.bot.tick(closing)]);
    const result = (await storeA.get<PulseResult>(`pulse:${pulseId}:result`))!;
    expect(result.respondents).toBe(4);
    expect(countOf(result.questions['sessie']!.own)).toBe(4);
    expect(result.questions['leren']!.own).toEqual([0, 0, 4, 0, 0]);
    expect(eventsA.length + eventsB.length).toBe(1);
    const reports = [...a.adapter.take(), ...b.adapter.take()].filter((s) => s.kind === 'direct');
    expect(reports.map((r) => r.to).sort()).toEqual(['anna', 'bram']);
    expect(await storeB.get(`pulse:${pulseId}:ballots`)).toBeUndefined();
    expect(await storeB.setMembers(`pulse:${pulseId}:invitees`)).toEqual([]);
  });
});
