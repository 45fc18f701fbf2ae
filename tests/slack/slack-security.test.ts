// Request signing (forged, stale, unsigned requests get 401) and mention injection.
import { describe, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack-api.ts';
import { fixture } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, sign, waitForCall, useSlackHarness } from './slack-harness.ts';

let fake: FakeSlack;
let h: SlackHarness;

useSlackHarness((f, harness) => {
  fake = f;
  h = harness;
});

function commandBody(text: string, triggerId: string): string {
  const payload = fixture<Record<string, string>>('slash-command.json');
  return new URLSearchParams({ ...payload, text, trigger_id: triggerId, response_url: fake.responseUrl() }).toString();
}

async function raw(body: string, headers: Record<string, string>) {
  const response = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  return response.status;
}

describe('Slack request signing', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['forged (signed with another secret)', (body: string) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': sign(body, now(), 'not-the-secret') })],
    ['tampered (body changed after signing)', (body: string) => ({ 'x-slack-request-timestamp': String(now()), 'x-slack-signature': sign(`${body}x`, now()) })],
    ['stale (signed six minutes ago)', (body: string) => ({ 'x-slack-request-timestamp': String(now() - 360), 'x-slack-signature': sign(body, now() - 360) })],
    ['unsigned', () => ({})],
    ['signature without timestamp', (body: string) => ({ 'x-slack-signature': sign(body, now()) })],
  ])('rejects a %s request with 401 and runs nothing', async (_name, headersFor) => {
    const before = fake.calls.length;
    const body = commandBody('start Ongewenst', `forged-${Math.random()}`);
    expect(await raw(body, headersFor(body))).toBe(401);
    // Bolt answers 401 before dispatching, so no work can still be under way.
    expect(fake.calls.slice(before).filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('accepts the same request correctly signed', async () => {
    const body = commandBody('help', 'signed-ok');
    const timestamp = now();
    expect(await raw(body, { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sign(body, timestamp) })).toBe(200);
  });

  it('answers Slack\'s url_verification challenge', async () => {
    const { status, text } = await h.post(JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' }), 'application/json');
    expect(status).toBe(200);
    expect(text).toContain('c-123');
  });
});

describe('Slack mention injection', () => {
  // How Slack delivers what users typed (escaping on): a picked mention as <@U…|name>, typed
  // special characters as entities, @channel picked from the menu as <!channel>.
  const ZWSP = '\u200B';
  const RLO = '\u202E';
  const hostile = `Jeugd <!channel> <!here|here> &lt;!everyone&gt; @everyone @${ZWSP}here &lt;@U0VICTIM01&gt; ${RLO}lennahc!<${ZWSP} <@U0BRAM0001|bram>`;

  it('never pings from user text: only the intended mention survives, everything else is escaped', async () => {
    await h.command(`start ${hostile}`, { channel: 'C0EVIL0001', channelName: 'evil' });
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === 'C0EVIL0001');
    const payload = JSON.stringify(post.body);
    expect(post.body['link_names']).toBeUndefined();
    expect(payload).not.toMatch(/<!(channel|here|everyone)/);
    expect(payload).not.toContain('<@U0VICTIM01>');
    // The typed text still reads as typed, escaped for display.
    expect(allText(post.body['blocks'])).toContain('@channel');
    expect(allText(post.body['blocks'])).toContain('&lt;!everyone&gt;');
    // Zero-width and bidirectional controls are stripped by the core's sanitiser.
    expect(payload).not.toMatch(/[\u200B\u202E]/);
  });

  it('a role given with a forged mention token is not given to that user', async () => {
    await h.command('rol deelnemer &lt;@U0VICTIM01&gt;', { channel: 'C0EVIL0001', channelName: 'evil' });
    const answer = await waitForCall(fake, 'response_url', (b) => allText(b['blocks']).length > 0 && !allText(b['blocks']).includes('/liso start'));
    expect(JSON.stringify(answer.body)).not.toContain('<@U0VICTIM01>');
    const posts = fake.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.body).includes('<@U0VICTIM01>'));
    expect(posts).toEqual([]);
  });

  it('the summary (notification text) is escaped too', async () => {
    const posts = fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === 'C0EVIL0001');
    for (const post of posts) expect(String(post.body['text'])).not.toMatch(/<!|<@U0VICTIM/);
  });
});

describe('Slack style markers in user text', () => {
  // Slack has no escape for *, _, ~ and `: typed ones must not restyle the bot's message.
  const channel = 'C0STYLE001';
  const sectionTexts = (body: Record<string, any>): string[] =>
    (body['blocks'] as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').map((b) => b.text!.text);

  it('a network name with a backtick stays inside the bold name; the command code after it is intact', async () => {
    await h.command('start Jeugd `Noord', { channel, channelName: 'style' });
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === channel);
    const [first] = sectionTexts(post.body);
    expect(first).toMatch(/^\*Leernetwerk Jeugd ˋNoord\* is gestart\./);
    expect(first).not.toContain('`');
  });

  it('a win typed with *, _, ~ and ``` shows them literally; words with _ and web addresses keep theirs', async () => {
    await h.command('vier we hebben *eindelijk* de _wethouder_ gesproken ~echt~ ```klaar``` met plan_b, zie https://example.org/a_b/*x*', { channel, channelName: 'style' });
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === channel && JSON.stringify(b).includes('wethouder'));
    const win = sectionTexts(post.body).find((t) => t.includes('wethouder'))!;
    expect(win).toContain('we hebben ∗eindelijk∗ de ˍwethouderˍ gesproken ∼echt∼ ˋˋˋklaarˋˋˋ met plan_b, zie https://example.org/a_b/*x*');
    expect(win.replace(/https:\S+/, '')).not.toMatch(/[*_~`](?![\p{L}\p{N}])|(?<![\p{L}\p{N}])[*_~`]/u);
  });

  it('a family emoji in a win stays one emoji: the joiners inside it are kept, a joiner inside a word is not', async () => {
    await h.command('vier 40 gezinnen 👨\u200D👩\u200D👧\u200D👦 bereikt, met de we\u200Dthouder', { channel, channelName: 'style' });
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === channel && JSON.stringify(b).includes('gezinnen'));
    expect(sectionTexts(post.body).join('\n')).toContain('40 gezinnen 👨\u200D👩\u200D👧\u200D👦 bereikt, met de wethouder');
  });
});
