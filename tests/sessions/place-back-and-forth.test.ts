// A place changed, changed back, and changed again: the channel hears every change, so what it
// read last is where the session is. The post's key is made of the old and new text, so the third
// change has the first one's key: the change's commit owes the post afresh under it, and it goes.
import { describe, expect, it } from 'vitest';
import { createSessionsHarness } from './sessions-harness.ts';

describe('a place changed back and forth', () => {
  it('is told in the channel at every change, the last one included', async () => {
    const h = await createSessionsHarness();
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'sessie 2027-03-11 14:00-17:00');
    for (const place of ['Buurthuis De Kolk', 'Stadhuis', 'Buurthuis De Kolk', 'Stadhuis']) {
      await h.run('anna', `sessie plek 2027-03-11 ${place}`);
      h.clock.set(new Date(h.clock.now().getTime() + 60_000));
    }
    const told = h.log.filter((m) => m.kind === 'channel' && /is hier:/.test(m.text)).map((m) => m.text.replace(/^.*is hier: /s, '').trim());
    expect(told).toEqual(['Buurthuis De Kolk', 'Stadhuis', 'Buurthuis De Kolk', 'Stadhuis']);
  });
});
