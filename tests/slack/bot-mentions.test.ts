// Bots are no members: a role given to @liso-bot itself or to another app (users.info is_bot) is refused
// through the real Slack adapter, while the people named with them get their role.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, useSlackHarness, waitForCall } from './slack-harness.ts';
import { mention } from './message-payloads.ts';

const CHANNEL = { channel: 'C0BOTROLE1', channelName: 'jeugd' };
const OUR_BOT = 'U0LISOBOT1';
const JIRA = 'U0JIRA0001';
const POLLY = 'U0POLLY001';

let fake: FakeSlack;
let h: SlackHarness;

useSlackHarness((f, harness) => {
  fake = f;
  h = harness;
});

async function answerTo(url: string): Promise<string> {
  const target = url.split('/').pop();
  return vi.waitFor(
    () => {
      const call = fake.callsTo('response_url').find((c) => c.target === target);
      if (!call) throw new Error('no answer yet');
      return allText(call.body['blocks']);
    },
    { timeout: 5_000, interval: 20 },
  );
}

async function holders(role: 'deelnemer' | 'trekker'): Promise<string[]> {
  const network = await h.app.directory.byChannel('slack', CHANNEL.channel);
  return h.app.directory.holders(network!.id, role);
}

describe('roles refused to bots on Slack', () => {
  beforeAll(async () => {
    fake.addBot(JIRA);
    fake.addBot(POLLY);
    await h.command('start Bots en mensen', CHANNEL);
    await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === CHANNEL.channel);
  });

  it('refuses @liso-bot itself, naming it, and gives it no role', async () => {
    const { responseUrl } = await h.command(`rol deelnemer <@${OUR_BOT}|liso-bot>`, CHANNEL);
    const answer = await answerTo(responseUrl);
    expect(answer).toContain('liso-bot');
    expect(answer).toContain('bot of app');
    expect(await holders('deelnemer')).not.toContain(OUR_BOT);
  });

  it('refuses another app that users.info calls a bot, while the person named with it gets the role', async () => {
    const { responseUrl } = await h.command(`rol deelnemer <@U0SANNE001|sanne> en <@${JIRA}|jira>`, CHANNEL);
    const answer = await answerTo(responseUrl);
    expect(answer).toContain('jira');
    expect(answer).toContain('bot of app');
    const news = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === CHANNEL.channel && allText(b['blocks']).includes('<@U0SANNE001>'));
    expect(allText(news.body['blocks'])).not.toContain(JIRA);
    expect(await holders('deelnemer')).toEqual(['U0SANNE001']);
  });

  it('refuses a bot named in a mention of the bot, as in the slash command', async () => {
    await h.event(mention(`rol deelnemer <@${POLLY}>`, { channel: CHANNEL.channel }));
    const answer = await waitForCall(fake, 'chat.postEphemeral', (b) => b['channel'] === CHANNEL.channel && allText(b['blocks']).includes('bot of app'));
    expect(allText(answer.body['blocks'])).toContain(POLLY.toLowerCase());
    expect(await holders('deelnemer')).not.toContain(POLLY);
  });

  it('refuses @liso-bot named a second time in a mention of it, instead of asking who gets the role', async () => {
    await h.event(mention(`rol deelnemer <@${OUR_BOT}>`, { channel: CHANNEL.channel }));
    const answer = await waitForCall(fake, 'chat.postEphemeral', (b) => b['channel'] === CHANNEL.channel && allText(b['blocks']).includes('liso-bot'));
    expect(allText(answer.body['blocks'])).toContain('is een bot of app');
    expect(await holders('deelnemer')).not.toContain(OUR_BOT);
  });

  it('still takes a role away from a bot that got it before the check', async () => {
    const network = (await h.app.directory.byChannel('slack', CHANNEL.channel))!;
    await h.app.directory.assign(network, 'deelnemer', POLLY);
    await h.command(`rol weg deelnemer <@${POLLY}|polly>`, CHANNEL);
    await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === CHANNEL.channel && allText(b['blocks']).includes(`<@${POLLY}>`));
    expect(await holders('deelnemer')).not.toContain(POLLY);
  });

  it('takes a mention for a person when users.info fails (an app installed before users:read), as before', async () => {
    fake.script('users.info', { body: { ok: false, error: 'missing_scope', needed: 'users:read' } });
    await h.command('rol deelnemer <@U0AHMED001|ahmed>', CHANNEL);
    await vi.waitFor(async () => expect(await holders('deelnemer')).toContain('U0AHMED001'), { timeout: 5_000, interval: 20 });
  });
});

describe('a bot named in a win on Slack', () => {
  it('is thanked by its name in the text, but not credited or pinged as a member', async () => {
    await h.command(`vier De planning staat, met dank aan <@U0SANNE001|sanne> en <@${JIRA}|jira>!`, CHANNEL);
    const celebration = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === CHANNEL.channel && allText(b['blocks']).includes('De planning staat'));
    const text = allText(celebration.body['blocks']);
    expect(text).toContain('<@U0SANNE001>');
    expect(text).toContain('jira');
    expect(text).not.toContain(`<@${JIRA}>`);
  });
});
