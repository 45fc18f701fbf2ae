// Slash commands end to end: signed HTTP into real Bolt, the real core, answers into FakeSlack.
import { describe, expect, it, vi } from 'vitest';
import { LIMITS } from '../../adapters/slack/block-kit-renderer.ts';
import type { FakeSlack } from './fake-slack-api.ts';
import { fixture } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, waitForCall, useSlackHarness } from './slack-harness.ts';

let fake: FakeSlack;
let h: SlackHarness;

useSlackHarness((f, harness) => {
  fake = f;
  h = harness;
});

async function answerTo(url: string) {
  const target = url.split('/').pop();
  return vi.waitFor(
    () => {
      const call = fake.callsTo('response_url').find((c) => c.target === target);
      if (!call) throw new Error('no answer yet');
      return call;
    },
    { timeout: 5_000, interval: 20 },
  );
}

describe('Slack slash commands', () => {
  it('verifies the token at start and tells Bolt the bot ids (one auth.test call)', () => {
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    expect(fake.callsTo('auth.test')[0]!.headers.authorization).toBe('Bearer xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy');
  });

  it('acknowledges /liso help at once and answers privately through the response_url', async () => {
    const { status, responseUrl } = await h.command('help');
    expect(status).toBe(200);
    const answer = await answerTo(responseUrl);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(answer.body['replace_original']).toBe(false);
    const text = allText(answer.body['blocks']);
    expect(text).toContain('/liso start');
    expect(answer.body['blocks'].length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(answer.body['link_names']).toBeUndefined();
  });

  it('starts a network in the channel, hands out a role by mention, plans a session and shows the network', async () => {
    const start = await h.command('start Jeugd & Zorg Leiden', { channel: 'C0NET00001', channelName: 'jeugd' });
    expect(start.status).toBe(200);
    const announcement = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0NET00001');
    // The name the user typed is echoed escaped, never as markup.
    expect(allText(announcement.body['blocks'])).toContain('Jeugd &amp; Zorg Leiden');

    const role = await h.command('rol procesbegeleider <@U0BRAM0001|bram>', { channel: 'C0NET00001', channelName: 'jeugd' });
    expect(role.status).toBe(200);
    const roleNews = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0NET00001' && allText(b['blocks']).includes('<@U0BRAM0001>'));
    expect(roleNews.body['link_names']).toBeUndefined();

    const session = await h.command('sessie 2027-03-11 14:00', { channel: 'C0NET00001', channelName: 'jeugd' });
    expect(session.status).toBe(200);
    await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0NET00001' && /11 maart|2027-03-11|11-03/.test(allText(b['blocks'])));

    const overview = await h.command('netwerk', { channel: 'C0NET00001', channelName: 'jeugd' });
    const answer = await answerTo(overview.responseUrl);
    // Headers are plain_text (shown literally, so not escaped); mrkdwn sections are escaped.
    expect(answer.body['blocks'][0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Leernetwerk Jeugd & Zorg Leiden', emoji: true } });
    expect(allText(answer.body['blocks'])).toContain('<@U0BRAM0001>');
  });

  it('shows the network in the App Home of its trekker and of the person given a role', async () => {
    for (const user of ['U0ANNA0001', 'U0BRAM0001']) {
      const event = { ...fixture('app-home-opened.json'), event_id: `Ev-home-${user}`, event: { type: 'app_home_opened', user, channel: 'D0X', tab: 'home', event_ts: '1700000040.000100' } };
      expect(await h.event(event)).toBe(200);
      const publish = await waitForCall(fake, 'views.publish', (b) => b['user_id'] === user);
      expect(allText(publish.body['view'].blocks)).toContain('Jeugd &amp; Zorg Leiden');
    }
  });

  it('refuses a role change by a participant, privately and in Dutch', async () => {
    const attempt = await h.command('rol trekker <@U0SANN0001|sanne>', { user: 'U0SANN0001', userName: 'sanne', channel: 'C0NET00001', channelName: 'jeugd' });
    const answer = await answerTo(attempt.responseUrl);
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(allText(answer.body['blocks'])).toMatch(/trekker of procesbegeleider/i);
  });

  it('answers an advice question privately with the handbook source and working buttons', async () => {
    const question = await h.command('na de kick-off komt niemand meer');
    const answer = await answerTo(question.responseUrl);
    expect(answer.body['response_type']).toBe('ephemeral');
    const blocks = answer.body['blocks'] as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>;
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(allText(blocks)).toMatch(/handboek/i);
    const topic = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []).find((e) => e.action_id.startsWith('advice.topic~'));
    expect(topic, 'an advice.topic button').toBeDefined();

    // Pressing a related topic shows that handbook entry privately to the presser.
    const press = {
      ...fixture('block-actions.json'),
      trigger_id: 'advice-press-1',
      response_url: fake.responseUrl(),
      container: { type: 'message', message_ts: '1700000000.000500', channel_id: 'C0123ABCDEF', is_ephemeral: true },
      actions: [{ action_id: topic!.action_id, value: topic!.value, type: 'button', action_ts: '1700000011.000001' }],
    };
    expect(await h.interact(press)).toBe(200);
    const entry = await answerTo(press.response_url);
    expect(allText(entry.body['blocks'])).toMatch(/handboek/i);
    expect(allText(entry.body['blocks'])).not.toBe(allText(blocks));
  });

  it('a /liso of emoji or punctuation only asks for words, in Dutch, instead of calling it an unknown command', async () => {
    for (const typed of ['😀🎉👍🏽', '???', '…!']) {
      const answer = await answerTo((await h.command(typed)).responseUrl);
      const text = allText(answer.body['blocks']);
      expect(text).toContain('Ik zie geen woorden in je vraag.');
      expect(text).not.toContain('ken ik niet');
    }
  });

  it('a web or mail address Slack linked by itself is echoed once, as typed', async () => {
    await h.command('start Adressen', { channel: 'C0ADRES001', channelName: 'adressen' });
    await h.command('vier we staan op <http://www.leernetwerk.nl|www.leernetwerk.nl>, mail <mailto:info@stadhuis.nl|info@stadhuis.nl>', { channel: 'C0ADRES001', channelName: 'adressen' });
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0ADRES001' && JSON.stringify(b).includes('leernetwerk.nl'));
    const text = allText(post.body['blocks']);
    expect(text).toContain('we staan op www.leernetwerk.nl, mail info@stadhuis.nl');
    expect(text).not.toMatch(/\(http|mailto:/);
  });

  it('falls back to chat.postEphemeral when the response_url has expired', async () => {
    fake.script('response_url', { status: 404, body: 'expired_url' });
    await h.command('help');
    const ephemeral = await waitForCall(fake, 'chat.postEphemeral', (b) => b['user'] === 'U0ANNA0001');
    expect(ephemeral.body['channel']).toBe('C0123ABCDEF');
    expect(allText(ephemeral.body['blocks'])).toContain('/liso start');
  });
});
