// The daily look at a channel's members found a role holder gone, and the process stopped around the
// write that takes them out of the set of who was seen there. Started again the next day (the notice's
// key holds the network's day), the leads hear of the leave exactly once: the notices are owed in the
// commit that takes the person out of the set, never before it.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createTestApp } from '../fakes/test-app.ts';
import type { TestApp } from '../fakes/test-app.ts';
import type { WriteRecord } from './crash-points.ts';
import { CrashingStore } from './crash-points.ts';

/** The commit of a look that changes the set of who was seen in a channel. */
const changesWhoWasSeen = (write: WriteRecord | undefined) => write !== undefined && write.op.startsWith('commit') && write.keys.some((key) => key.endsWith(':in-channel'));

/** Where the process stops, once the look that finds Frank gone has begun. */
const STOPS: Record<string, (write: WriteRecord, previous: WriteRecord | undefined) => boolean> = {
  'before the set changes': (write) => changesWhoWasSeen(write),
  'right after the set changed, before anything is sent': (_, previous) => changesWhoWasSeen(previous),
};

/** Anna's network with Frank as deelnemer, both seen in the channel by a first look; the process stops at `stopsAt` once armed. */
async function frankSeenInJeugd(stopsAt: (write: WriteRecord, previous: WriteRecord | undefined) => boolean) {
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  let armed = false;
  const store = new CrashingStore(clock, { stopBefore: (write, previous) => armed && stopsAt(write, previous) });
  const channel = { members: new Set(['anna', 'frank']) };
  /** An app on the data as it stands (a process started again), its adapter listing the channel's members. */
  const start = async () => {
    const t = await createTestApp({ clock, store });
    Object.assign(t.adapter, { channelMembers: async () => channel.members });
    return t;
  };
  const first = await start();
  await first.command('anna', 'start Jeugd', 'kanaal-1');
  await first.command('anna', 'rol deelnemer <@frank>', 'kanaal-1');
  await first.app.bot.tick(clock.now());
  return { clock, store, channel, first, start, arm: () => void (armed = true) };
}

const noticesTo = (t: TestApp, lead: string) => t.adapter.sent.filter((s) => s.kind === 'direct' && s.to === lead && /Frank heeft het kanaal van Jeugd verlaten/.test(s.text));

describe('a leave found by the look at the members, the process stopped around its commit', () => {
  for (const [where, stopBefore] of Object.entries(STOPS)) {
    it(`is told to the leads exactly once after a restart the next day (stopped ${where})`, async () => {
      const { clock, store, channel, first, start, arm } = await frankSeenInJeugd(stopBefore);

      // Frank leaves while the bot is not listening; the next day's look finds it and stops.
      channel.members = new Set(['anna']);
      clock.set(new Date('2027-01-05T08:00:00Z'));
      arm();
      await first.app.bot.tick(clock.now()).catch(() => undefined);
      expect(store.stoppedAt, 'the process stopped where the test meant').toBeDefined();

      // Started again on the same data a day later (the network's day has changed).
      store.restart();
      clock.set(new Date('2027-01-06T08:00:00Z'));
      const second = await start();
      await second.app.bot.tick(clock.now());
      clock.set(new Date('2027-01-06T08:10:00Z'));
      await second.app.bot.tick(clock.now());
      clock.set(new Date('2027-01-07T09:00:00Z'));
      await second.app.bot.tick(clock.now());

      expect(noticesTo(first, 'anna').length + noticesTo(second, 'anna').length).toBe(1);
      await second.app.close();
    });
  }
});

describe('a leave heard live, the process stopped before it took the person out of the set', () => {
  it('is not told again by the look after the restart that day: the sent notice is not owed anew', async () => {
    const { clock, store, channel, first, start, arm } = await frankSeenInJeugd((write) => write.op === 'setRemove' && write.keys.some((key) => key.endsWith(':in-channel')));

    // Frank's leave is heard and its notice queued; the process stops before Frank leaves the set.
    channel.members = new Set(['anna']);
    clock.set(new Date('2027-01-04T09:00:00Z'));
    arm();
    const left = { type: 'left', platform: 'test', actor: { userId: 'frank', displayName: '' }, conversation: { kind: 'channel', id: 'kanaal-1' }, eventId: 'left-frank-1' } as const;
    await first.app.bot.handle(left, first.adapter.responder('frank')).catch(() => undefined);
    expect(store.stoppedAt, 'the process stopped where the test meant').toBeDefined();

    // Started again that day: its queue sends the notice first, then the look (every network once after a start) finds
    // Frank gone and still counted as present.
    store.restart();
    clock.set(new Date('2027-01-04T10:00:00Z'));
    const second = await start();
    await second.app.delivery.runDue(clock.now());
    expect(noticesTo(second, 'anna')).toHaveLength(1);
    await second.app.bot.tick(clock.now());
    clock.set(new Date('2027-01-04T10:10:00Z'));
    await second.app.bot.tick(clock.now());
    expect(noticesTo(second, 'anna')).toHaveLength(1);

    // A second start that day looks again: the sent record is neither overwritten nor sent again.
    const third = await start();
    await third.app.bot.tick(clock.now());
    clock.set(new Date('2027-01-04T10:20:00Z'));
    await third.app.bot.tick(clock.now());
    expect(noticesTo(first, 'anna').length + noticesTo(second, 'anna').length + noticesTo(third, 'anna').length).toBe(1);
    await third.app.close();
  });
});
