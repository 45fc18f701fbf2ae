// Slack and Discord in one process (`liso start` with both tokens): Slack's Socket Mode client
// brings undici 7, which replaces the process-wide HTTP dispatcher discord.js's own undici sends
// through; a Discord message with a file must still go out.
import '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { CHANNEL, useDiscordHarness } from './discord-harness.ts';
import type { DiscordHarness } from './discord-harness.ts';

let h: DiscordHarness;
useDiscordHarness((harness) => (h = harness));

describe('Discord alongside Slack in one process', () => {
  it('posts a message with a file', async () => {
    // Loading Bolt is what installs undici 7's dispatcher (the import above; kept from being dropped).
    expect(Object.getOwnPropertySymbols(globalThis).map(String)).toContain('Symbol(undici.globalDispatcher.2)');
    const message = { summary: 'Uitnodiging', blocks: [{ type: 'section' as const, text: [{ type: 'text' as const, text: 'De sessie in je agenda' }] }], attachments: [{ filename: 'sessie.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', mimeType: 'text/calendar' }] };
    const ref = await h.t.app.bot.adapter('discord')!.postToChannel(CHANNEL, message);
    const post = h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`)).at(-1)!;
    expect(ref.messageId).toBe(post.result.id);
    expect(post.files.map((f) => f.filename)).toEqual(['sessie.ics']);
  });
});
