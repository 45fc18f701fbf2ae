// Permanent delivery failures are reported to the network's trekker, once, in their language.
import { describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/core/chat-adapter.ts';
import type { Message } from '../../src/core/message.ts';
import { createTestApp } from '../fakes/test-app.ts';

const note: Message = { summary: 'Herinnering', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Agenda delen' }] }] };

async function networkApp() {
  const t = await createTestApp();
  await t.command('anna', 'start Jeugdzorg Leiden');
  await t.command('anna', 'rol deelnemer <@dewi>');
  t.adapter.take();
  return t;
}

/** The platform refuses direct messages to `user` for good (a Discord user with DMs closed). */
function closeDirectMessagesOf(t: Awaited<ReturnType<typeof networkApp>>, user: string): void {
  const original = t.adapter.sendDirect.bind(t.adapter);
  t.adapter.sendDirect = async (userId, message) => {
    if (userId === user) throw new DeliveryError('permanent', 'dm-closed');
    return original(userId, message);
  };
}

describe('delivery problems', () => {
  it('tells the trekker once that a participant cannot get direct messages', async () => {
    const t = await networkApp();
    closeDirectMessagesOf(t, 'dewi');
    const target = { kind: 'direct' as const, platform: 'test', userId: 'dewi', fallback: { channelId: 'kanaal-1', message: note } };
    await t.app.delivery.send('test:one', target, note);
    await t.app.delivery.send('test:two', target, note);
    // Reports go through the queue, sent by the next tick.
    await t.app.bot.tick();
    const sent = t.adapter.take();
    expect(sent.filter((s) => s.kind === 'channel')).toHaveLength(2);
    const reports = sent.filter((s) => s.kind === 'direct' && s.to === 'anna');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toMatch(/Dewi krijgt geen berichten van de bot/);
    expect(reports[0]!.text).toMatch(/dm-closed/);
  });

  it('tells the trekker once about a person, also when a later message to them has no channel to fall back on', async () => {
    const t = await networkApp();
    closeDirectMessagesOf(t, 'dewi');
    // A reminder falls back to the channel; a pulse invitation (anonymous) never does.
    await t.app.delivery.send('test:reminder', { kind: 'direct', platform: 'test', userId: 'dewi', fallback: { channelId: 'kanaal-1', message: note } }, note);
    expect(await t.app.delivery.send('test:pulse', { kind: 'direct', platform: 'test', userId: 'dewi' }, note)).toEqual({ status: 'failed', reason: 'dm-closed' });
    await t.app.bot.tick();
    const reports = t.adapter.take().filter((s) => s.to === 'anna');
    expect(reports.map((r) => r.text)).toEqual([expect.stringMatching(/Dewi krijgt geen berichten van de bot[\s\S]*dm-closed/)]);
  });

  it('tells the trekker once, in their language, that the bot cannot post in the channel', async () => {
    const t = await networkApp();
    await t.command('anna', 'taal en');
    t.adapter.take();
    t.adapter.postToChannel = async () => {
      throw new DeliveryError('permanent', 'not_in_channel');
    };
    const channel = { kind: 'channel' as const, platform: 'test', channelId: 'kanaal-1' };
    expect(await t.app.delivery.send('test:c1', channel, note)).toEqual({ status: 'failed', reason: 'not_in_channel' });
    await t.app.delivery.send('test:c2', channel, note);
    await t.app.bot.tick();
    const reports = t.adapter.take().filter((s) => s.kind === 'direct' && s.to === 'anna');
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toMatch(/I cannot post in the channel of Jeugdzorg Leiden/);
  });

  it('does not report a transient failure', async () => {
    const t = await networkApp();
    t.adapter.postToChannel = async () => {
      throw new DeliveryError('transient', 'ratelimited', 1_000);
    };
    await t.app.delivery.send('test:t1', { kind: 'channel', platform: 'test', channelId: 'kanaal-1' }, note);
    await t.app.bot.tick();
    expect(t.adapter.take()).toEqual([]);
  });
});
