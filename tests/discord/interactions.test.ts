// Buttons, menus, modals and Discord's 3-second deadline, through the real adapter and a fake Discord.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL, DiscordHarness, people, str } from './discord-harness.ts';
import type { Probe } from './probe-feature.ts';
import { createProbe, LONG_ACTION, LONG_VALUE } from './probe-feature.ts';

let h: DiscordHarness;
let probe: Probe;
// Fast flows get Discord's real margin; slow flows (gated by the probe) a short one, so they defer at once.
async function setup(deferAfterMs: number): Promise<void> {
  h = await DiscordHarness.start({ deferAfterMs });
  probe = createProbe();
  h.t.app.bot.use(probe.feature);
}
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.close();
});

const callbacks = () => h.fake.calls.filter((c) => c.path.endsWith('/callback'));

describe('buttons and menus', () => {
  beforeEach(() => setup(2_000));
  it('renders buttons and a menu with ids that come back to the right feature, long ones via the store', async () => {
    await h.inject(h.slash('knoppen'));
    const data = callbacks()[0]!.body.data;
    const [buttons, menu] = data.components;
    expect(buttons.components.map((b: any) => [b.label, b.style])).toEqual([['Gedaan', 1], ['Lang', 2]]);
    expect(buttons.components[0].custom_id).toBe('b:test.done|task-1');
    expect(buttons.components[1].custom_id).toMatch(/^h:/);
    expect(menu.components[0]).toMatchObject({ type: 3, options: [{ label: 'Een', value: '1' }, { label: 'Twee', value: '2' }] });
    h.fake.take();
    await h.inject(h.press(buttons.components[1].custom_id));
    await h.inject(h.choose(menu.components[0].custom_id, '2'));
    expect(probe.seen).toEqual([
      { kind: 'action', actionId: LONG_ACTION, value: LONG_VALUE },
      { kind: 'action', actionId: 'test.pick', value: '2' },
    ]);
    expect(callbacks().map((c) => [c.body.type, c.body.data.flags])).toEqual([[4, 64], [4, 64]]);
  });

  it('a press that updates its message answers with an update (type 7) pinging only the presser', async () => {
    await h.inject(h.press('b:test.done|task-1', people.bram));
    const [update] = callbacks();
    expect(update!.body.type).toBe(7);
    expect(update!.body.data.content).toBe(`✅ Gedaan door <@${people.bram.id}>`);
    expect(update!.body.data.allowed_mentions).toEqual({ parse: [], users: [people.bram.id], replied_user: false });
    expect(update!.body.data.flags).toBeUndefined();
  });

  it('an unknown or forgotten button gets the stale-button answer, privately', async () => {
    await h.inject(h.press('h:doesnotexist'));
    await h.inject(h.press('zz:rubbish'));
    const replies = callbacks().map((c) => c.body);
    expect(replies).toHaveLength(2);
    for (const reply of replies) {
      expect(reply).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(reply.data.content).toContain('hoort bij iets dat niet meer bestaat');
    }
  });

  it('a press with nothing to say is acknowledged silently (type 6)', async () => {
    h.t.app.bot.use({ name: 'silent', actions: [{ prefix: 'quiet.', async run() {} }] });
    await h.inject(h.press('b:quiet.x|1'));
    expect(callbacks().map((c) => c.body)).toEqual([{ type: 6 }]);
  });
});

describe('forms as modals', () => {
  beforeEach(() => setup(2_000));
  it('opens a modal (type 9) within the limits and turns the submission into a form event', async () => {
    await h.inject(h.slash('formulier'));
    const [modal] = callbacks();
    expect(modal!.body.type).toBe(9);
    const data = modal!.body.data;
    expect(data.title.length).toBeLessThanOrEqual(45);
    expect(data.title.endsWith('…')).toBe(true);
    expect(data.components.map((c: any) => [c.type, c.label, c.component.type, c.component.custom_id])).toEqual([
      [18, 'Wat ging er goed?', 4, 'f0'],
      [18, 'Hoe groot?', 3, 'f1'],
    ]);
    expect(data.components[0].component).toMatchObject({ style: 2, required: true, max_length: 500 });
    h.fake.take();
    await h.inject(h.submit(data.custom_id, { f0: 'We vierden de eerste sessie', f1: ['groot'] }));
    expect(probe.seen).toEqual([{ kind: 'form', values: { wat: 'We vierden de eerste sessie', hoe: 'groot' }, context: 'network-1:session-2' }]);
    expect(callbacks()[0]!.body.data.content).toBe('Opgeslagen: We vierden de eerste sessie (groot)');
  });

  it('sends attachments as files with the reply', async () => {
    await h.inject(h.slash('bestand'));
    const [reply] = callbacks();
    expect(reply!.files).toEqual([{ field: 'files[0]', filename: 'sessie.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' }]);
    expect(reply!.body.data.attachments).toEqual([{ id: 0, filename: 'sessie.ics' }]);
  });

  it('a modal submission for a form the store no longer knows is answered as stale', async () => {
    await h.inject(h.submit('m:vanished', { f0: 'x' }));
    expect(callbacks()[0]!.body.data.content).toContain('hoort bij iets dat niet meer bestaat');
    expect(probe.seen).toEqual([]);
  });

});

describe('the 3-second deadline', () => {
  beforeEach(() => setup(20));

  it('a form asked for after the deferral becomes a private button that opens the modal', async () => {
    const done = h.injectNoWait(h.slash('traag', [str('tekst', 'formulier')]));
    await h.fake.waitFor((c) => c.path.endsWith('/callback') && c.body.type === 5);
    probe.open();
    await done;
    const edit = h.fake.callsTo('PATCH', /\/messages\/@original$/)[0]!;
    const button = edit.body.components[0].components[0];
    expect(button).toMatchObject({ type: 2, label: 'Formulier openen' });
    expect(button.custom_id).toMatch(/^f:/);
    h.fake.take();
    await h.inject(h.press(button.custom_id, people.anna, { flags: 64 }));
    expect(callbacks()[0]!.body.type).toBe(9);
    // Somebody else pressing that private button does not get the form.
    h.fake.take();
    await h.inject(h.press(button.custom_id, people.bram));
    expect(callbacks()[0]!.body).toMatchObject({ type: 4, data: { flags: 64 } });
  });

  it('defers (type 5, ephemeral) when work is slow, then edits the original with the answer', async () => {
    const done = h.injectNoWait(h.slash('traag'));
    const defer = await h.fake.waitFor((c) => c.path.endsWith('/callback'));
    expect(defer.body).toEqual({ type: 5, data: { flags: 64 } });
    probe.open();
    await done;
    const edits = h.fake.callsTo('PATCH', /^\/webhooks\/900000000000000001\/[^/]+\/messages\/@original$/);
    expect(edits).toHaveLength(1);
    expect(edits[0]!.body.content).toBe('Eindelijk klaar');
    expect(edits[0]!.body.allowed_mentions.parse).toEqual([]);
    expect(callbacks()).toHaveLength(1);
  });

  it('removes the "thinking" placeholder when slow work only posted in the channel', async () => {
    const done = h.injectNoWait(h.slash('traag', [str('tekst', 'stil')]));
    await h.fake.waitFor((c) => c.path.endsWith('/callback'));
    probe.open();
    await done;
    expect(h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`))[0]!.body.content).toBe('Alleen in het kanaal');
    expect(h.fake.callsTo('DELETE', /\/messages\/@original$/)).toHaveLength(1);
  });

  it('defers a slow button press as an update (type 6) and then edits the source message', async () => {
    h.t.app.bot.use({
      name: 'slow-button',
      actions: [
        {
          prefix: 'slow.',
          async run(ctx) {
            await h.fake.waitFor((c) => c.path.endsWith('/callback'));
            await ctx.responder.updateSource!({ summary: 'klaar', blocks: [{ type: 'section', text: [{ type: 'text', text: 'Bijgewerkt' }] }] });
          },
        },
      ],
    });
    await h.inject(h.press('b:slow.x|1'));
    expect(callbacks()[0]!.body).toEqual({ type: 6 });
    expect(h.fake.callsTo('PATCH', /\/messages\/@original$/)[0]!.body.content).toBe('Bijgewerkt');
  });
});

describe('answers in a busy second', () => {
  beforeEach(() => setup(2_000));
  // Discord's global limit (50 a second) excludes interaction responses; a second the bot's own
  // sends use up (a busy 09:00 drain) must not cost a member their answer.
  it('a command answered in parts reaches the member in full after the bot made 50 requests of its own within the second', async () => {
    const rest = h.runtime.client.rest;
    await Promise.allSettled(Array.from({ length: 50 }, (_, i) => rest.get(`/channels/${820000000000000000n + BigInt(i)}`)));
    await h.inject(h.slash('help', []));
    const answers = h.fake.calls.filter((c) => c.path.endsWith('/callback') || /^\/webhooks\//.test(c.path));
    expect(answers.length).toBeGreaterThan(0);
    expect(answers[0]!.body.data.content).toMatch(/^### /);
    expect(h.t.logLines.filter((line) => /rate-limited|"level":50/.test(line))).toEqual([]);
  });
});
