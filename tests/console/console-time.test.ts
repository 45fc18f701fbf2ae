// The console tells the truth about time and people: expiries on the simulated clock, due work
// at its own moment inside a jump, names kept across a restart, no group mentions as people.
import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../src/core/delivery.ts';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { runConsoleLines } from './console-helpers.ts';

describe('console time', () => {
  it('expires a 15-minute confirmation after :klok +20m, and honours it before', async () => {
    const late = await runConsoleLines(['/liso start Jeugd', '/liso vergeet-mij', ':klok +20m', ':knop 1', '/liso netwerk']);
    expect(late.text).toMatch(/── alleen zichtbaar voor Anna ──\n[^\n]*verlopen/);
    // Nothing was erased: Anna is still the trekker.
    expect(late.text).toMatch(/Trekker: @Anna/);
    const inTime = await runConsoleLines(['/liso start Jeugd', '/liso vergeet-mij', ':klok +10m', ':knop 1']);
    expect(inTime.text).not.toMatch(/verlopen/);
    expect(await inTime.app.people.get('console', 'anna')).toBeUndefined();
  });

  it('runs work that falls due inside a jump at its own moment', async () => {
    const { store } = await runConsoleLines(['/liso start Jeugd', '/liso rol procesbegeleider @Bram', '/liso sessie 2027-04-08 14:00', ':klok +13w']);
    const nudges = (store as MemoryStore)
      .dump()
      .filter((entry) => entry.key.startsWith('delivery:nudge-digest:') || entry.key.startsWith('delivery:session-reminder:'))
      .map((entry) => entry.value as DeliveryRecord);
    expect(nudges.length).toBeGreaterThan(5);
    for (const record of nudges) {
      // Sent (its last change) at 09:00 on its own day in Amsterdam, not at the end of the jump.
      expect(record.state).toBe('sent');
      const local = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', hour: '2-digit', minute: '2-digit' }).format(record.updatedAt);
      expect(local).toBe('09:00');
    }
    const days = new Set(nudges.map((record) => record.updatedAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(3);
  });

  it('offers a clock jump that lies ahead, whatever the simulated date', async () => {
    // June 2027 is after the jump the console once offered (1 March 2027), which it would refuse.
    const { text, clock } = await runConsoleLines([':klok morgen'], { start: new Date('2027-06-01T07:00:00Z') });
    expect(text).toMatch(/Zet hem vooruit met `:klok \+3d`, `:klok \+2w` of `:klok 2027-06-22T09:00`\./);
    const offered = /Gebruik `:klok \+3d`, `:klok \+2w`, `:klok \+4h` of `:klok ([^`]+)`/.exec(text)?.[1];
    expect(offered).toBe('2027-06-22T09:00');
    const jumped = await runConsoleLines([`:klok ${offered}`], { clock });
    expect(jumped.text).toMatch(/Het is nu dinsdag 22 juni 2027 09:00/);
  });

  it('keeps the case of names after a restart', async () => {
    const first = await runConsoleLines(['/liso start Jeugd', '/liso rol procesbegeleider @Bram', '/liso rol deelnemer @Sanne']);
    const second = await runConsoleLines(['/liso rol deelnemer @bram @SANNE', '/liso netwerk'], { clock: first.clock, store: first.store });
    // Sanne already was a participant: the channel hears of Bram only, the lead privately of Sanne.
    expect(second.text).toMatch(/@Bram is nu deelnemer in Jeugd/);
    expect(second.text).toMatch(/@Sanne is al deelnemer in Jeugd/);
    expect(second.text).toMatch(/Deelnemer: @Bram, @Sanne/);
    const botOutput = second.text.split('\n').filter((line) => !line.includes(' > ')).join('\n');
    expect(botOutput).not.toMatch(/@bram|@SANNE/);
    // A message to someone this run has not met yet is headed with the stored name too.
    const third = await runConsoleLines(['/liso sessie 2027-01-08 14:00', ':klok 2027-01-08T10:00'], { clock: second.clock, store: first.store });
    expect(third.text).toMatch(/── privébericht aan Bram ──\n# Vandaag: sessie van Jeugd/);
    expect(third.text).not.toMatch(/privébericht aan bram/);
  });

  it('never turns @everyone or @here into a person', async () => {
    const { text, app } = await runConsoleLines(['/liso start Jeugd', '/liso rol deelnemer @everyone', '/liso rol deelnemer @here @Sanne', '/liso netwerk']);
    expect(text).toMatch(/Ik herken \*?\*?@everyone\*?\*? niet als persoon/);
    expect(text).toMatch(/Ik herken \*?\*?@here\*?\*? niet als persoon/);
    expect(text).toMatch(/Deelnemer: nog niemand/);
    expect(await app.people.get('console', 'everyone')).toBeUndefined();
    expect(await app.people.get('console', 'here')).toBeUndefined();
  });
});
