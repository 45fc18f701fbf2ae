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
  'files.uploadV2': ['files:write'],
  'views.open': [],
  'views.publish': [],
};

function methodsCalled(): string[] {
  const source = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  return [...new Set([...source.matchAll(/client\.(\w+)\.(\w+)\(/g)].map((m) => `${m[1]}.${m[2]}`))].sort();
}

describe('Slack app manifest', () => {
  it('knows the scopes of every Web API method the adapter calls', () => {
    for (const method of methodsCalled()) expect(Object.keys(SCOPES_BY_METHOD), method).toContain(method);
  });

  it('asks for exactly those scopes plus commands for /liso', () => {
    const needed = new Set(['commands', ...methodsCalled().flatMap((m) => SCOPES_BY_METHOD[m] ?? [])]);
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
  });

  it('has /liso with escaping on (so mentions arrive as ids), interactivity, the home tab and Socket Mode', () => {
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: SLASH_COMMAND, should_escape: true })]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_home_opened']);
  });
});
