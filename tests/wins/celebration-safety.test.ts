// A win's text can never ping: channel-wide markup, unresolved user ids and hidden characters stay literal text.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { intendedMentions } from '../../src/core/message.ts';
import type { Inline } from '../../src/core/rich-text.ts';
import { cleanOneLine } from '../../src/core/sanitize.ts';
import { createTestApp } from '../fakes/test-app.ts';
import { channelPosts, commandEvent, startNetwork } from './wins-fixture.ts';

const ZWSP = '\u200B';
const ZWJ = '\u200D';
const RLO = '\u202E';
const RLI = '\u2067';
const PDI = '\u2069';
const RLM = '\u200F';

const injections = [
  '<!channel>',
  '<!here>',
  '@everyone',
  '@here',
  '<@U123>',
  '<@U123|baas>',
  `<!chan${ZWSP}nel>`,
  `${ZWSP}<!here>`,
  `@${ZWJ}everyone`,
  `<@${ZWSP}U123>`,
  `${RLO}<!channel>`,
  `${RLI}@everyone${PDI}`,
  `<${RLM}!here>`,
  `${RLO}>lennahc!<`,
  '＜!channel＞', // full-width brackets, folded by NFKC
];

function spans(message: Message): Inline[] {
  return message.blocks.flatMap((block) =>
    block.type === 'section' || block.type === 'context' ? block.text : block.type === 'list' ? block.items.flat() : [],
  );
}

describe('celebration text safety', () => {
  it.each(injections)('%j pings nobody and survives as literal text', async (injection) => {
    const t = await createTestApp();
    await startNetwork(t);
    const text = `we hebben ${injection} de casus rond met <@bram>`;
    // Only the adapter decides what is a mention: here Bram, on purpose, and nothing else.
    await t.app.bot.handle(commandEvent('sanne', `vier ${text}`, [{ token: '<@bram>', userId: 'bram', displayName: 'Bram' }]), t.adapter.responder('sanne'));
    const [post, ...others] = channelPosts(t.adapter.take());
    expect(others).toEqual([]);
    const message = post!.message!;
    expect(intendedMentions(message)).toEqual(['bram']);
    const mentionSpans = spans(message).filter((s) => s.type === 'mention');
    expect(mentionSpans.map((s) => s.type === 'mention' && s.userId)).toEqual(['bram']);
    const cleaned = cleanOneLine(injection, 500);
    const literal = spans(message).filter((s): s is Extract<Inline, { type: 'text' }> => s.type === 'text').map((s) => s.text).join('');
    expect(literal).toContain(`we hebben ${cleaned} de casus rond met Bram`);
    expect(literal).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069]/);
    expect(message.summary).not.toContain(cleaned);
  });

  it('never turns a mention token the adapter did not resolve into a person', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.app.bot.handle(commandEvent('sanne', 'vier dank aan <@U999> en <@bram>', []), t.adapter.responder('sanne'));
    const sent = t.adapter.take();
    expect(sent.map((s) => s.kind)).toEqual(['channel']);
    const message = sent[0]!.message!;
    expect(intendedMentions(message)).toEqual([]);
    expect(spans(message).map((s) => (s.type === 'text' ? s.text : '')).join('')).toContain('dank aan <@U999> en <@bram>');
  });

  it('keeps a hostile display name of a credited person inside the mention, pinging only that person', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.app.bot.handle(
      commandEvent('sanne', 'vier samen met <@ahmed> gelukt', [{ token: '<@ahmed>', userId: 'ahmed', displayName: '<!channel> @everyone' }]),
      t.adapter.responder('sanne'),
    );
    const message = channelPosts(t.adapter.take())[0]!.message!;
    expect(intendedMentions(message)).toEqual(['ahmed']);
    for (const span of spans(message)) {
      if (span.type === 'text' && span.text.includes('<!channel>')) expect(span.style).not.toBe('code');
    }
  });

  it('caps the length of a win', async () => {
    const t = await createTestApp();
    await startNetwork(t);
    await t.command('sanne', `vier ${'heel lang '.repeat(200)}`);
    const message = channelPosts(t.adapter.take())[0]!.message!;
    const quote = message.blocks[1]!;
    expect(quote.type).toBe('section');
    const text = quote.type === 'section' ? quote.text.map((s) => (s.type === 'text' ? s.text : '')).join('') : '';
    expect(Array.from(text).length).toBeLessThanOrEqual(502);
    expect(text).toMatch(/…”$/);
  });
});
