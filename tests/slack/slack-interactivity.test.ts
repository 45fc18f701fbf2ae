// Buttons, modals, files and the App Home through real Bolt over HTTP against FakeSlack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlack } from './fake-slack-api.ts';
import { fixture, startFakeSlack } from './fake-slack-api.ts';
import { createDemoFeature, DEMO_CHANNEL } from './demo-feature.ts';
import type { SlackHarness } from './slack-harness.ts';
import { allText, startHarness, waitForCall } from './slack-harness.ts';

let fake: FakeSlack;
let h: SlackHarness;
let triggers = 0;

beforeAll(async () => {
  fake = await startFakeSlack();
  h = await startHarness(fake, { features: [createDemoFeature()] });
});

afterAll(async () => {
  await h.stop();
  await fake.stop();
});

function press(actionId: string, value: string, overrides: Record<string, unknown> = {}) {
  const payload = fixture('block-actions.json');
  const action = (payload['actions'] as Array<Record<string, unknown>>)[0]!;
  Object.assign(action, { action_id: actionId, value });
  return { ...payload, trigger_id: `press-${++triggers}`, response_url: fake.responseUrl(), ...overrides };
}

describe('Slack buttons', () => {
  it('renders repeated core action ids as unique Slack action_ids within each message', async () => {
    await h.command('taak');
    const post = await waitForCall(fake, 'chat.postMessage', (b) => b['channel'] === DEMO_CHANNEL);
    const ids = (post.body['blocks'] as Array<{ elements?: Array<{ action_id: string }> }>).flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it('a pressed "Gedaan" replaces the message it was on (chat.update on that ts)', async () => {
    const status = await h.interact(press('demo.done~0', 'task-1'));
    expect(status).toBe(200);
    const update = await waitForCall(fake, 'chat.update');
    expect(update.body['channel']).toBe('C0123ABCDEF');
    expect(update.body['ts']).toBe('1700000000.000100');
    expect(allText(update.body['blocks'])).toBe('section\nmrkdwn\n✅ Gedaan door <@U0ANNA0001>');
  });

  it('a press on an ephemeral message is replaced through its response_url', async () => {
    const payload = press('demo.done~0', 'task-1', { container: { type: 'message', message_ts: '1700000000.000900', channel_id: 'C0123ABCDEF', is_ephemeral: true } });
    await h.interact(payload);
    const replaced = await waitForCall(fake, 'response_url', (b) => b['replace_original'] === true);
    expect(replaced.target).toBe(String(payload.response_url).split('/').pop());
  });

  it('decodes the action id, so a vote button of the fifth position reaches its feature with its value', async () => {
    await h.interact(press('demo.vote~5', '4'));
    const answer = await waitForCall(fake, 'response_url', (b) => allText(b['blocks']).includes('stem 4'));
    expect(answer.body['response_type']).toBe('ephemeral');
  });
});

describe('Slack modals', () => {
  it('opens a core form as a modal with the trigger id, within Slack limits', async () => {
    const { triggerId } = await h.command('succes');
    const open = await waitForCall(fake, 'views.open');
    expect(open.body['trigger_id']).toBe(triggerId);
    const view = open.body['view'];
    expect(view.type).toBe('modal');
    expect(view.callback_id).toBe('liso:demo.win');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks[0].element.placeholder.text.length).toBeLessThanOrEqual(150);
    expect(view.blocks[1].element.options.map((o: { value: string }) => o.value)).toEqual(['proud', 'glad']);
    expect(JSON.parse(view.private_metadata)).toEqual({ formId: 'demo.win', context: 'ctx-1', conversation: { kind: 'channel', id: 'C0123ABCDEF' } });
  });

  it('a submitted modal becomes a FormEvent with the field values', async () => {
    const status = await h.interact(fixture('view-submission.json'));
    expect(status).toBe(200);
    const post = await waitForCall(fake, 'chat.postMessage', (b) => allText(b['blocks']).includes('Succes'));
    expect(allText(post.body['blocks'])).toContain('*Succes:* Eerste casus besproken (proud, ctx-1)');
  });
});

describe('Slack files', () => {
  it('uploads an attachment of a private reply into the direct conversation (files.uploadV2)', async () => {
    await h.command('bestand');
    const complete = await waitForCall(fake, 'files.completeUploadExternal');
    expect(complete.body['channel_id']).toBe('D0ANNA0001');
    const urlCall = fake.callsTo('files.getUploadURLExternal').at(-1)!;
    expect(urlCall.body['filename']).toBe('sessie.ics');
    expect(fake.callsTo('upload').length).toBeGreaterThan(0);
  });

  it('shows the file inline as an escaped code block when uploading is refused', async () => {
    fake.script('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope', needed: 'files:write' } });
    await h.command('bestand');
    const inline = await waitForCall(fake, 'chat.postMessage', (b) => allText(b['blocks']).includes('sessie.ics'));
    const text = allText(inline.body['blocks']);
    expect(text).toContain('```BEGIN:VCALENDAR');
    expect(text).toContain('&lt;!channel&gt; &amp; co');
    expect(text).not.toContain('<!channel>');
  });
});

describe('Slack App Home', () => {
  it('publishes the core home view when the home tab opens', async () => {
    const status = await h.event(fixture('app-home-opened.json'));
    expect(status).toBe(200);
    const publish = await waitForCall(fake, 'views.publish');
    expect(publish.body['user_id']).toBe('U0ANNA0001');
    expect(publish.body['view'].type).toBe('home');
    const text = allText(publish.body['view'].blocks);
    expect(text).toContain('LISO-bot: jouw overzicht');
    expect(text).toContain('Jouw taken: <@U0ANNA0001>');
  });

  it('re-publishes the home after a press on the home tab', async () => {
    const before = fake.callsTo('views.publish').length;
    await h.interact(press('demo.vote~1', 'home', { container: { type: 'view', view_id: 'V0HOME0001' }, view: { id: 'V0HOME0001', type: 'home' }, channel: undefined, message: undefined, response_url: undefined }));
    await waitForCall(fake, 'chat.postMessage', (b) => allText(b['blocks']).includes('stem home'));
    await waitForCall(fake, 'views.publish', () => fake.callsTo('views.publish').length > before);
  });
});
