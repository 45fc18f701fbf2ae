// The app manifest asks for exactly the scopes the adapter's Web API calls need.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../../adapters/slack/slack-listeners.ts';

const dir = path.resolve(import.meta.dirname, '../../adapters/slack');
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

// Bot scopes per Web API method (docs.slack.dev method pages); views.* and auth.test need none.
const SCOPES_BY_METHOD: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.open': ['im:write'],
  // Read only to look for a send interrupted by a crash (or left unanswered): in a direct
  // conversation or a network's channel, public or private. Never a group DM (mpim:history).
  'conversations.history': ['im:history', 'channels:history', 'groups:history'],
  'files.uploadV2': ['files:write'],
  'views.open': [],
  'views.publish': [],
  'users.info': ['users:read'],
  // A network's channel is public or private; the bot never asks who is in a DM or group DM (im:read, mpim:read).
  'conversations.members': ['channels:read', 'groups:read'],
};

// Bot scopes per subscribed event (docs.slack.dev event pages). The adapter's `message` listener
// answers only direct messages (channel_type im), so message.im is its one message subscription.
const SCOPES_BY_EVENT: Record<string, string[]> = {
  app_home_opened: [],
  'message.im': ['im:history'],
  app_mention: ['app_mentions:read'],
  // Public and private channels (a network's channel may be either).
  member_left_channel: ['channels:read', 'groups:read'],
};
const SUBSCRIPTION_OF_LISTENER: Record<string, string> = { message: 'message.im' };

const adapterSource = readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => readFileSync(path.join(dir, f), 'utf8'))
  .join('\n');

function methodsCalled(): string[] {
  return [...new Set([...adapterSource.matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`))].sort();
}

function eventsListenedTo(): string[] {
  return [...new Set([...adapterSource.matchAll(/bolt\.event\('(\w+)'/g)].map((m) => SUBSCRIPTION_OF_LISTENER[m[1]!] ?? m[1]!))].sort();
}

describe('Slack app manifest', () => {
  it('knows the scopes of every Web API method the adapter calls', () => {
    for (const method of methodsCalled()) expect(Object.keys(SCOPES_BY_METHOD), method).toContain(method);
  });

  it('subscribes to exactly the events the adapter listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(eventsListenedTo());
    expect(eventsListenedTo()).toEqual(['app_home_opened', 'app_mention', 'member_left_channel', 'message.im']);
    for (const event of eventsListenedTo()) expect(Object.keys(SCOPES_BY_EVENT), event).toContain(event);
  });

  it('asks for exactly those scopes plus commands for /liso and the scopes of its events', () => {
    const needed = new Set([
      'commands',
      ...methodsCalled().flatMap((m) => SCOPES_BY_METHOD[m] ?? []),
      ...eventsListenedTo().flatMap((e) => SCOPES_BY_EVENT[e] ?? []),
    ]);
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
  });

  it('lists every scope in the README scope table, and no other', () => {
    const readme = readFileSync(path.resolve(dir, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Slack: set-up'), readme.indexOf('1. Go to <https://api.slack.com/apps>'));
    const documented = [...section.matchAll(/^\| `([a-z_.:]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(manifest.oauth_config.scopes.bot));
  });

  it('has /liso with escaping on (so mentions arrive as ids), interactivity, the home tab and Socket Mode', () => {
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: SLASH_COMMAND, should_escape: true })]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_read_only_enabled).toBe(false);
  });
});
