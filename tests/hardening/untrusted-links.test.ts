// A session's place and agenda are a lead's free text: only an http(s) address becomes a link, on every platform's
// own renderer, and a Markdown masked link typed in it ("[agenda](http://evil…)") shows as typed, never as a link
// with a label that hides where it goes. An outside walk set `javascript:alert(1)`, `file:///etc/passwd` and a
// masked link.
import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../adapters/discord/discord-renderer.ts';
import { renderMessage as renderSlack } from '../../adapters/slack/block-kit-renderer.ts';
import { renderMessage as renderTeams } from '../../adapters/teams/card-renderer.ts';
import type { Message } from '../../src/core/message.ts';
import { createTestApp } from '../fakes/test-app.ts';

const MASKED = '[agenda](http://evil.example/phish)';

async function announcements(): Promise<Record<string, Message>> {
  const t = await createTestApp({ start: new Date('2027-01-04T08:00:00Z') });
  await t.command('anna', 'start Jeugd Leiden');
  await t.command('anna', 'sessie 2027-03-11 14:00');
  t.adapter.take();
  const posted: Record<string, Message> = {};
  for (const [name, command] of [
    ['javascript', 'sessie plek 2027-03-11 javascript:alert(1)'],
    ['file', 'sessie plek 2027-03-11 file:///etc/passwd'],
    ['https', 'sessie plek 2027-03-11 https://meet.example/sessie'],
    ['masked', `sessie agenda 2027-03-11 ${MASKED}`],
  ] as const) {
    await t.command('anna', command);
    const post = t.adapter.take().find((s) => s.kind === 'channel');
    expect(post?.message, name).toBeDefined();
    posted[name] = post!.message!;
  }
  return posted;
}

/** The markdown of every TextBlock of a Teams card (its `speak` and `fallbackText` are plain text, never markdown). */
function textBlocks(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(textBlocks);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = object['type'] === 'TextBlock' && typeof object['text'] === 'string' ? [object['text']] : [];
  return [...own, ...Object.values(object).flatMap(textBlocks)];
}

describe('a place or agenda that is no web address', () => {
  it('is text on Slack, Discord and Teams; only an http(s) address is a link', async () => {
    const posted = await announcements();
    for (const name of ['javascript', 'file', 'masked'] as const) {
      const slack = JSON.stringify(renderSlack(posted[name]!));
      expect(slack, name).not.toMatch(/<(?:javascript|file|http:\/\/evil)[^>]*>/);
      const discord = renderDiscord(posted[name]!).payloads.map((p) => p.content ?? '').join('\n');
      expect(discord, name).not.toMatch(/(?<!\\)\]\(/);
      expect(discord, name).not.toMatch(/\]\(<?(?:javascript|file)/);
      const teams = textBlocks(renderTeams(posted[name]!)).join('\n');
      expect(teams, name).toMatch(/javascript|file|evil/);
      expect(teams, name).not.toMatch(/(?<!\\)\]\(/);
    }
    // The masked link shows as typed, brackets and all, escaped so Discord renders no link with the label "agenda".
    expect(renderDiscord(posted.masked!).payloads.map((p) => p.content ?? '').join('\n')).toContain('\\[agenda\\](http://evil.example/phish)');
    // An https address does become a link, so the checks above can fail.
    expect(JSON.stringify(renderSlack(posted.https!))).toContain('<https://meet.example/sessie|');
    expect(renderDiscord(posted.https!).payloads.map((p) => p.content ?? '').join('\n')).toMatch(/\]\(<https:\/\/meet\.example\/sessie>\)/);
    expect(textBlocks(renderTeams(posted.https!)).join('\n')).toContain('](https://meet.example/sessie)');
  });
});
