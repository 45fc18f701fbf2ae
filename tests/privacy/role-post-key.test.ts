// A role's channel post is owed under a Delivery key that outlives the person's erasure (the sent
// record keeps it for its retention). So the key must not be a function of who got the role: a
// digest of their ids would be a pseudonym anyone holding the store file could recompute from the
// id and the open source, and so tie the forgotten person to the network.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { runConsoleLines } from '../console/console-helpers.ts';
import { imageOfMemory } from './store-audit.ts';

async function roleKeyOf(lines: string[]): Promise<string> {
  const clock = new SimulatedClock(new Date('2027-01-04T08:00:00Z'));
  const store = new MemoryStore(clock);
  await runConsoleLines(lines, { store, clock });
  const keys = imageOfMemory(store).entries.map((e) => e.key).filter((key) => key.includes('network-announcement:') && key.includes(':role:'));
  expect(keys).toHaveLength(1);
  return keys[0]!.replace(/^.*?network-announcement:/, 'network-announcement:');
}

describe("a role's channel post key", () => {
  it('says the role and direction, never who: the same command for the same person at the same instant gets unrelated keys', async () => {
    const lines = ['/liso start Jeugd Leiden', '/liso rol deelnemer @Sanne'];
    const [first, second] = [await roleKeyOf(lines), await roleKeyOf(lines)];
    expect(first).toMatch(/:role:\d+:deelnemer:assigned:[0-9a-f]{12}$/);
    // Same network id? No: each run starts its own network; compare what follows the network id.
    const tail = (key: string) => key.split(':').slice(2);
    expect(tail(first).slice(0, 4)).toEqual(tail(second).slice(0, 4));
    expect(tail(first)[4]).not.toEqual(tail(second)[4]);
    expect(first).not.toContain('Sanne');
    expect(first).not.toContain('sanne');
  });
});
