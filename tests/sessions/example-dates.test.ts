// The examples the bot shows work when typed as shown, whatever the date: their dates come from the
// clock (here June 2027, after the dates the texts once had), in the network's time zone.
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.ts';
import { SimulatedClock } from '../../src/core/clock.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { createSessionsHarness } from './sessions-harness.ts';
import type { SessionsHarness } from './sessions-harness.ts';
import type { Message } from '../../src/core/message.ts';

const JUNE = new Date('2027-06-01T07:00:00Z');

/** The code spans of a message, in order: the commands it shows, exactly as a person would copy them. */
function codeSpans(message: Message): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value !== 'object' || value === null) return;
    const span = value as { type?: string; style?: string; text?: unknown };
    if (span.type === 'text' && span.style === 'code' && typeof span.text === 'string') found.push(span.text);
    else Object.values(value).forEach(walk);
  };
  walk(message.blocks);
  return found;
}

/** The first command shown that starts with `/liso <startsWith>`, without `/liso `. */
function firstExample(message: Message | undefined, startsWith: string): string {
  const found = codeSpans(message ?? { summary: '', blocks: [] }).find((code) => code.startsWith(`/liso ${startsWith}`));
  if (!found) throw new Error(`no example starting with ${startsWith} in: ${JSON.stringify(message)}`);
  return found.slice('/liso '.length);
}

const lastChannelPost = (h: SessionsHarness) => h.log.filter((m) => m.kind === 'channel').at(-1);
const lastReply = (h: SessionsHarness, user: string) => h.log.filter((m) => m.kind === 'reply' && m.to === user).at(-1)?.message;

async function upcomingDates(h: SessionsHarness): Promise<string[]> {
  const network = await h.app.directory.byChannel('test', 'kanaal-1');
  return (await h.app.sessions.upcoming(network!.id)).map((s) => s.date);
}

describe('example dates', () => {
  it('the example in the start message plans a session when typed as shown, also after its old date', async () => {
    const h = await createSessionsHarness(JUNE);
    await h.run('anna', 'start Jeugd');
    const example = firstExample(lastChannelPost(h)?.message, 'sessie ');
    await h.run('anna', example);
    expect(h.lastReply('anna')).toBe('');
    expect(await upcomingDates(h)).toEqual(['2027-06-29']);
    expect(example).toBe('sessie 29-6-2027 14:00');
    expect(lastChannelPost(h)?.text).toMatch(/dinsdag 29 juni 2027, 14:00–17:00/);
  });

  it('the usage and help examples plan, place, move and cancel, in Dutch and English', async () => {
    const h = await createSessionsHarness(JUNE);
    await h.run('anna', 'start Jeugd');
    await h.run('anna', 'taal en');
    await h.run('anna', 'help session');
    expect(h.lastReply('anna')).toContain('/liso session 29-6-2027 9:30 2h');
    await h.run('anna', firstExample(lastReply(h, 'anna'), 'session 2027'));
    expect(await upcomingDates(h)).toEqual(['2027-06-29']);
    await h.run('anna', 'session place');
    await h.run('anna', firstExample(lastReply(h, 'anna'), 'session place 2027'));
    expect(lastChannelPost(h)?.text).toMatch(/Town hall Leiden, room 2/);
    await h.run('anna', 'taal nl');
    await h.run('anna', 'sessie verplaats');
    const move = firstExample(lastReply(h, 'anna'), 'sessie verplaats 2027');
    expect(move).toBe('sessie verplaats 2027-06-29 2027-07-06 14:00');
    await h.run('anna', move);
    expect(await upcomingDates(h)).toEqual(['2027-07-06']);
    await h.run('anna', 'sessie volgende week 14:00');
    expect(h.lastReply('anna')).toBe('volgende is geen geldige datum. Schrijf bijvoorbeeld 29-6-2027 of 2027-06-29; zonder jaar (14-1, 14 januari) neem ik de eerstvolgende.');
  });

  it('are counted from the clock at the moment the text is made', async () => {
    const h = await createSessionsHarness(JUNE);
    await h.run('anna', 'help sessie');
    expect(h.lastReply('anna')).toContain('/liso sessie annuleer 2027-06-29');
    h.clock.set(new Date('2027-08-02T07:00:00Z'));
    await h.run('anna', 'help sessie');
    expect(h.lastReply('anna')).toContain('/liso sessie annuleer 2027-08-30');
  });

  it('are in the network\'s time zone once the command has found the network', async () => {
    // A network made while the bot ran in Kiritimati (UTC+14), now served with the Dutch default.
    const clock = new SimulatedClock(new Date('2027-06-01T20:00:00Z'));
    const store = new MemoryStore(clock);
    const before = await createTestApp({ start: clock.now(), store, env: { LISO_TIMEZONE: 'Pacific/Kiritimati' } });
    await before.command('anna', 'start Jeugd');
    expect(before.adapter.sent.at(-1)?.text ?? '').toContain('/liso sessie 30-6-2027 14:00');
    const now = await createTestApp({ start: clock.now(), store });
    await now.command('anna', 'help sessie');
    expect(now.adapter.sent.at(-1)?.text ?? '').toContain('/liso sessie annuleer 2027-06-29');
    await now.command('anna', 'sessie annuleer');
    expect(now.adapter.sent.at(-1)?.text ?? '').toContain('/liso sessie annuleer 2027-06-30');
  });
});
