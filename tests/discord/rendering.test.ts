// Rendering within Discord's limits, and user text that tries to ping or disguise itself.
import { describe, expect, it } from 'vitest';
import { buttonCustomId, decodeCustomId } from '../../adapters/discord/custom-ids.ts';
import { escapeText, renderRich } from '../../adapters/discord/discord-markdown.ts';
import { renderMessage, splitContent } from '../../adapters/discord/discord-renderer.ts';
import type { Message } from '../../src/core/message.ts';
import { mention } from '../../src/core/rich-text.ts';
import { CHANNEL, DiscordHarness, messageBodies, people, str, useDiscordHarness } from './discord-harness.ts';
import { createProbe } from './probe-feature.ts';

describe('escaping user text (pure)', () => {
  it.each([
    ['@everyone kom', '@\u200Beveryone kom'],
    ['@here', '@\u200Bhere'],
    ['@\u200Beveryone', '@\u200Beveryone'],
    ['@\u202Eenoyreve', '@\u200Benoyreve'],
    ['<@100000000000000002>', '\\<@\u200B100000000000000002\\>'],
    ['<@&800000000000000001>', '\\<@\u200B&800000000000000001\\>'],
    ['<!channel>', '\\<!channel\\>'],
    ['<#810000000000000001>', '\\<#810000000000000001\\>'],
    ['**vet** _schuin_ ~~weg~~ `code` ||spoiler||', '\\*\\*vet\\*\\* \\_schuin\\_ \\~\\~weg\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|'],
    ['# kop\n- lijst\n> quote\n1. een', '\\# kop\n\\- lijst\n\\> quote\n1\\. een'],
    ['[klik](https://evil.example)', '\\[klik\\](https://evil.example)'],
    ['a\u200Bb\u2066c\uFEFFd\u00ADe', 'abcde'],
    ['e\u200Dveryone 👨\u200D👩\u200D👧\u200D👦 👩🏽\u200D⚕️ 🏳️\u200D🌈', 'everyone 👨\u200D👩\u200D👧\u200D👦 👩🏽\u200D⚕️ 🏳️\u200D🌈'],
    ['2027-03-11 14:00', '2027-03-11 14:00'],
  ])('%j → %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it('renders mentions only for snowflake ids from the core, styled spans escaped inside', () => {
    expect(renderRich([mention(people.bram.id, 'Bram'), { type: 'text', text: ' en ' }, mention('not-an-id', 'Nep')])).toBe(`<@${people.bram.id}> en @\u200BNep`);
    expect(renderRich([{ type: 'text', text: 'a*b', style: 'bold' }])).toBe('**a\\*b**');
    // Discord reads mentions inside code as well: the ones typed there are kept inert.
    expect(renderRich([{ type: 'text', text: 'x`y <@1> @everyone @here', style: 'code' }])).toBe('`xˋy <\u200B@1> @\u200Beveryone @\u200Bhere`');
    expect(renderRich([{ type: 'link', url: 'javascript:alert(1)', label: 'klik' }])).toBe('klik');
    expect(renderRich([{ type: 'link', url: 'https://liso.example/h5', label: 'h5' }])).toBe('[h5](<https://liso.example/h5>)');
  });

  it('custom ids round-trip and never exceed 100 characters', () => {
    expect(decodeCustomId(buttonCustomId('advice.topic', 'sb-betrokkenheid').customId)).toEqual({ kind: 'button', actionId: 'advice.topic', value: 'sb-betrokkenheid', occurrence: 1, repeated: false });
    const long = buttonCustomId('x'.repeat(60), 'y'.repeat(60));
    expect(long.customId.length).toBeLessThanOrEqual(100);
    expect(decodeCustomId(long.customId)).toEqual({ kind: 'hashed', hash: long.spill!.hash, repeated: false });
    // Ids posted before parts were numbered still decode: the second of a button is numbered, the first not.
    expect(decodeCustomId('b2:advice.topic|sb-1')).toEqual({ kind: 'button', actionId: 'advice.topic', value: 'sb-1', occurrence: 2, repeated: true });
    expect(decodeCustomId('c1:test.pick')).toEqual({ kind: 'choice', actionId: 'test.pick' });
    expect(buttonCustomId('x'.repeat(60), 'y'.repeat(60)).customId).toBe(long.customId);
  });

  it('splits at line breaks and spaces, never above the limit, losing no words', () => {
    const text = Array.from({ length: 700 }, (_, i) => `woord${i}`).join(' ') + '\n' + 'x'.repeat(4500);
    const chunks = splitContent(text, 2000);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks.join(' ').split(/\s+/).filter((w) => w.startsWith('woord'))).toHaveLength(700);
  });

  it('keeps the text that introduces a row of buttons in the same message as that row', () => {
    const buttons = (prefix: string) => Array.from({ length: 15 }, (_, i) => ({ actionId: `${prefix}.${i}`, value: String(i), label: String(i) }));
    const message: Message = {
      summary: 's',
      blocks: [
        { type: 'section', text: [{ type: 'text', text: 'Vraag A' }] },
        { type: 'actions', buttons: buttons('a') },
        { type: 'section', text: [{ type: 'text', text: 'Vraag B' }] },
        { type: 'actions', buttons: buttons('b') },
        { type: 'context', text: [{ type: 'text', text: 'Tot vrijdag' }] },
      ],
    };
    const { payloads } = renderMessage(message);
    expect(payloads.map((p) => [p.content, p.components.length, p.components[0]!.components[0]!.custom_id])).toEqual([
      ['Vraag A', 3, 'bp1:a.0|0'],
      ['Vraag B\n-# Tot vrijdag', 3, 'bp2:b.0|0'],
    ]);
  });

  it('numbers each part of a message sent in parts in its custom ids, within 100 characters, at the limit too', () => {
    // 'b:' + action id + '|' + value is exactly 100: with the part's number it no longer fits and is stored under its hash.
    const atLimit = { actionId: 'x'.repeat(40), value: 'y'.repeat(57), label: 'Vol' };
    const fitsWithPart = { actionId: 'z'.repeat(40), value: 'y'.repeat(55), label: 'Past' };
    expect(`b:${atLimit.actionId}|${atLimit.value}`).toHaveLength(100);
    const message: Message = {
      summary: 's',
      blocks: [
        { type: 'section', text: [{ type: 'text', text: 'Vraag A' }] },
        { type: 'actions', buttons: [atLimit, fitsWithPart] },
        { type: 'section', text: [{ type: 'text', text: 'x'.repeat(1_995) }] },
        { type: 'actions', buttons: [atLimit, { actionId: 'advice.topic', value: 'sb-1', label: 'Handboek' }] },
      ],
    };
    const { payloads, spills } = renderMessage(message);
    expect(payloads).toHaveLength(2);
    const ids = payloads.map((payload) => payload.components.flatMap((row) => row.components.map((c) => c.custom_id)));
    expect(ids.flat().every((id) => id.length <= 100)).toBe(true);
    const decoded = ids.map((part) => part.map(decodeCustomId));
    expect(decoded.flat().map((d) => ('part' in d ? d.part : undefined))).toEqual([1, 1, 2, 2]);
    // The button the message holds twice is marked so in both places, and stored under its hash (its id is too long).
    expect(decoded[0]![0]).toMatchObject({ kind: 'hashed', repeated: true });
    expect(decoded[1]![0]).toMatchObject({ kind: 'hashed', repeated: true });
    expect(new Set(spills.map((s) => s.actionId))).toEqual(new Set([atLimit.actionId]));
    expect(decoded[0]![1]).toEqual({ kind: 'button', actionId: fitsWithPart.actionId, value: fitsWithPart.value, occurrence: 1, repeated: false, part: 1 });
    expect(ids[0]![1]).toHaveLength(100);
    expect(decoded[1]![1]).toEqual({ kind: 'button', actionId: 'advice.topic', value: 'sb-1', occurrence: 1, repeated: false, part: 2 });
    // A part drawn again in place carries the number it was given, and a one-part message none.
    expect(renderMessage(message, { part: 7 }).payloads.flatMap((p) => p.components.flatMap((r) => r.components.map((c) => decodeCustomId(c.custom_id)))).map((d) => ('part' in d ? d.part : undefined))).toEqual([7, 7, 7, 7]);
    expect(renderMessage({ summary: 's', blocks: message.blocks.slice(0, 2) }).payloads[0]!.components[0]!.components.map((c) => c.custom_id)).toEqual([buttonCustomId(atLimit.actionId, atLimit.value).customId, `b:${fitsWithPart.actionId}|${fitsWithPart.value}`]);
    // Ten parts: the longest prefix ('h10p10:' or 'b10p10:') still fits.
    expect(buttonCustomId('a'.repeat(40), 'v'.repeat(40), { occurrence: 10, repeated: true, part: 10 }).customId.length).toBeLessThanOrEqual(100);
    expect(decodeCustomId(buttonCustomId('a', 'v', { occurrence: 10, repeated: true, part: 10 }).customId)).toEqual({ kind: 'button', actionId: 'a', value: 'v', occurrence: 10, repeated: true, part: 10 });
  });

  it('a list longer than its messages hold ends with how many items were left out', () => {
    const items = Array.from({ length: 120 }, (_, i) => [{ type: 'text' as const, text: `Succes ${i + 1}: twaalf organisaties aan tafel bij de eerste sessie van het netwerk` }]);
    const { payloads } = renderMessage({ summary: 's', blocks: [{ type: 'list', items }] }, { maxMessages: 2 });
    expect(payloads).toHaveLength(2);
    const shown = payloads.flatMap((p) => p.content!.split('\n')).filter((line) => line.startsWith('- Succes')).length;
    // Before: a bare "…", and nobody could tell that most of the list was missing.
    expect(payloads[1]!.content!.endsWith(`\n… (+${120 - shown})`)).toBe(true);
  });

  it('an edit is one message: long text is cut with an ellipsis, buttons kept', () => {
    const message: Message = {
      summary: 's',
      blocks: [
        { type: 'section', text: [{ type: 'text', text: 'tekst '.repeat(1000) }] },
        { type: 'actions', buttons: [{ actionId: 'a', value: '1', label: 'Knop' }] },
      ],
    };
    const rendered = renderMessage(message, { maxMessages: 1 });
    expect(rendered.payloads).toHaveLength(1);
    expect(rendered.payloads[0]!.content!.length).toBeLessThanOrEqual(2000);
    // The cut says how many lines it left out.
    expect(rendered.payloads[0]!.content!).toMatch(/\n… \(\+\d+\)$/);
    expect(rendered.payloads[0]!.components[0]!.components[0]).toMatchObject({ label: 'Knop' });
  });
});

describe('through Discord', () => {
  let h: DiscordHarness;
  useDiscordHarness((harness) => {
    h = harness;
  });

  it('oversized content is split over messages within every limit, never an API error', async () => {
    h.t.app.bot.use(createProbe().feature);
    await h.inject(h.slash('groot'));
    const bodies = messageBodies(h.fake);
    expect(bodies.length).toBeGreaterThan(1);
    expect(bodies.length).toBeLessThanOrEqual(10);
    for (const body of bodies) {
      expect(body.flags).toBe(64);
      expect((body.content ?? '').length).toBeLessThanOrEqual(2000);
      expect(body.components.length).toBeLessThanOrEqual(5);
    }
    const buttons = bodies.flatMap((b) => b.components.flatMap((r: any) => r.components)).filter((c: any) => c.type === 2);
    // 32 buttons, 2 of them repeats of an earlier one: all kept, the repeats under numbered custom ids, labels cut to 80.
    expect(buttons).toHaveLength(32);
    expect(new Set(buttons.map((b: any) => b.custom_id)).size).toBe(32);
    expect(buttons.every((b: any) => b.label.length <= 80)).toBe(true);
    const menus = bodies.flatMap((b) => b.components.flatMap((r: any) => r.components)).filter((c: any) => c.type === 3);
    expect(menus.map((m: any) => m.options.length)).toEqual([25, 25, 10]);
    expect(menus[0].placeholder.length).toBeLessThanOrEqual(150);
    // More text than ten messages hold: the last text message says it was cut, and how much.
    expect(bodies.filter((b) => /\n… \(\+\d+\)$/.test(b.content ?? ''))).toHaveLength(1);
  });

  it('mention injection in a network name never pings: no @everyone, no <@id>, no role, no channel, not even hidden', async () => {
    const sneaky = 'Team <!channel> @everyone @\u200Bhere <@100000000000000002> <@&800000000000000001> @\u202Eenoyreve\u202C e\u200Bveryone';
    await h.inject(h.slash('start', [str('tekst', sneaky)]));
    const [post] = h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
    const content: string = post!.body.content;
    expect(post!.body.allowed_mentions).toEqual({ parse: [], users: [people.anna.id], replied_user: false });
    expect(content).not.toMatch(/@everyone|@here/);
    expect(content.replace(`<@${people.anna.id}>`, '')).not.toMatch(/(^|[^\\])<[@#!]/);
    expect(content).not.toMatch(/[\u202A-\u202E\u2066-\u2069\uFEFF]/);
    expect(content.match(/<@\d+>/g)).toEqual([`<@${people.anna.id}>`]);
    // The name is shown as typed (minus the invisible tricks), just inert.
    expect(content).toContain('@\u200Beveryone');
    expect(content).toContain('\\<!channel\\>');
  });

  it('a win with a family emoji keeps it whole (the joiners inside an emoji stay); joiners elsewhere still go', async () => {
    await h.inject(h.slash('start', [str('tekst', 'Netwerk')]));
    h.fake.take();
    await h.inject(h.slash('vier', [str('tekst', 'we bereikten 40 gezinnen 👨\u200D👩\u200D👧\u200D👦 met de we\u200Dthouder')]));
    const [post] = h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));
    expect(post!.body.content).toContain('we bereikten 40 gezinnen 👨\u200D👩\u200D👧\u200D👦 met de wethouder');
  });

  it('a person named in a role change is the only one allowed to be pinged', async () => {
    await h.inject(h.slash('start', [str('tekst', 'Netwerk')]));
    h.fake.take();
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@${people.bram.id}> @everyone`)]));
    // "@everyone" is not a person: the core refuses, and nothing was posted.
    expect(h.fake.callsTo('POST', /^\/channels\/\d+\/messages$/)).toEqual([]);
    const reply = h.fake.calls.find((c) => c.path.endsWith('/callback'))!.body.data;
    expect(reply.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    expect(reply.content).toContain('@\u200Beveryone');
  });
});
