// The Slack and Discord fakes outlive a client that dies mid-request, as the bot does under kill -9 in the
// chaos tests: the aborted body read must not surface as an unhandled rejection (which fails the whole run).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, FakeDiscord } from '../discord/fake-discord.ts';
import { FakeSlack } from '../slack/fake-slack-api.ts';

/** Sends the head of a POST promising a longer body than it sends, then drops the connection. */
async function abortMidBody(url: string, path: string): Promise<void> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"channel":`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('fake platform APIs and a client killed mid-request', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('the Slack fake drops the request and goes on answering', async () => {
    const slack = await new FakeSlack().start();
    stops.push(() => slack.stop());
    await abortMidBody(slack.url, '/api/chat.postMessage');
    const response = await fetch(`${slack.url}/api/auth.test`, { method: 'POST' });
    expect(response.status).toBe(200);
  });

  it('the Discord fake drops the request and goes on answering', async () => {
    const discord = await new FakeDiscord().start();
    stops.push(() => discord.stop());
    await abortMidBody(discord.url, '/api/v10/channels/1/messages');
    const response = await fetch(`${discord.url}/v10/gateway/bot`, { headers: { authorization: `Bot ${BOT_TOKEN}` } });
    expect(response.status).toBe(200);
  });
});
