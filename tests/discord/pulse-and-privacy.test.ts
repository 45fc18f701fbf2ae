// The pulse and privacy features through Discord: DM invitations in parts, votes that update the
// right part, the open question as a modal, and the forget-me confirmation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordHarness, people, str, user } from './discord-harness.ts';
import type { RecordedCall } from './fake-discord.ts';
import type { MemoryStore } from '../../src/store/memory-store.ts';

let h: DiscordHarness;
beforeEach(async () => {
  h = await DiscordHarness.start();
  await h.inject(h.slash('start', [str('tekst', 'Jongerenraad')]));
  await h.inject(h.slash('rol', [str('tekst', 'deelnemer'), user('persoon', people.bram), user('persoon2', people.sanne)]));
  await h.holdSession();
  h.fake.take();
});
afterEach(async () => {
  expect(h.fake.violations).toEqual([]);
  await h.close();
});

const callbacks = () => h.fake.calls.filter((c) => c.path.endsWith('/callback'));
const dmChannelOf = (id: string) => `7${id}`.slice(0, 19);
const buttonsIn = (components: any[]) => components.flatMap((row) => row.components);
const storedKeys = () => (h.t.backend as MemoryStore).dump().map((entry) => entry.key);

describe('pulse on Discord', () => {
  it('invites by DM in parts whose text sits with its buttons; a vote updates exactly the part it came from', async () => {
    await h.inject(h.slash('pulse'));
    expect(callbacks()[0]!.body.data.content).toContain('2 mensen kregen een privébericht');
    const parts: RecordedCall[] = h.fake.callsTo('POST', new RegExp(`^/channels/${dmChannelOf(people.bram.id)}/messages$`));
    expect(parts).toHaveLength(2);
    const [first, second] = parts.map((p) => p.body);
    expect(first.components).toHaveLength(5);
    expect(first.content).toContain('**1\\. **');
    expect(first.content).not.toContain('**5\\. **');
    // "Hoe anoniem is dit?" sits under the short word on anonymity, before the statements.
    expect(buttonsIn(first.components)[0].label).toBe('Hoe anoniem is dit?');
    expect(second.content.startsWith('**5\\. **')).toBe(true);
    expect(buttonsIn(second.components).map((b: any) => b.label)).toEqual(['1', '2', '3', '4', '5', '1', '2', '3', '4', '5', expect.any(String)]);

    h.fake.take();
    const sixFour = buttonsIn(second.components)[8];
    await h.inject(h.press(sixFour.custom_id, people.bram, { id: parts[1]!.result.id, components: second.components, dmChannel: dmChannelOf(people.bram.id) }));
    const update = callbacks()[0]!.body;
    expect(update.type).toBe(7);
    expect(update.data.content.startsWith('**5\\. **')).toBe(true);
    expect(buttonsIn(update.data.components)[8]).toMatchObject({ label: '4 ✓', style: 1, custom_id: sixFour.custom_id });

    h.fake.take();
    const oneTwo = buttonsIn(first.components)[2];
    await h.inject(h.press(oneTwo.custom_id, people.bram, { id: parts[0]!.result.id, components: first.components, dmChannel: dmChannelOf(people.bram.id) }));
    const again = callbacks()[0]!.body;
    expect(again.type).toBe(7);
    expect(again.data.content).toContain('**1\\. **');
    expect(buttonsIn(again.data.components)[2]).toMatchObject({ label: '2 ✓' });
  });

  it('the open question opens a modal; the answer is stored for the pulse', async () => {
    await h.inject(h.slash('pulse'));
    const [, second] = h.fake.callsTo('POST', new RegExp(`^/channels/${dmChannelOf(people.sanne.id)}/messages$`));
    const open = buttonsIn(second!.body.components).at(-1);
    h.fake.take();
    await h.inject(h.press(open.custom_id, people.sanne, { id: second!.result.id, components: second!.body.components, dmChannel: dmChannelOf(people.sanne.id) }));
    const modal = callbacks()[0]!.body;
    expect(modal.type).toBe(9);
    // The form holds her ballot: it travels in the modal's own id and is never stored by the adapter.
    expect(modal.data.custom_id).toMatch(/^s:pulse\.open-answer\|[a-f0-9]{8}:[A-Za-z0-9_-]{22}$/);
    expect(modal.data.components[0].component).toMatchObject({ type: 4, style: 2, custom_id: 'answer', required: false });
    expect(storedKeys().filter((key) => key.startsWith('discord:form:'))).toEqual([]);
    h.fake.take();
    await h.inject(h.submit(modal.data.custom_id, { answer: 'Meer tijd om echt te oefenen @everyone' }, people.sanne));
    const reply = callbacks()[0]!.body;
    expect(reply).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(reply.data.content).toContain('Je open antwoord is opgeslagen');
    expect(reply.data.allowed_mentions.parse).toEqual([]);
    expect(JSON.stringify((h.t.backend as MemoryStore).dump())).toContain('Meer tijd om echt te oefenen');
  });

  it('a secret form is never kept to open later: after a deferral the person is asked to press again', async () => {
    await h.close();
    h = await DiscordHarness.start({ deferAfterMs: 0 });
    h.t.app.bot.use({
      name: 'slow-secret-form',
      commands: [
        {
          name: 'geheim',
          summary: 'help.summary',
          usage: 'help.usage',
          run: async (ctx) => {
            // Slower than the deadline, so the interaction is deferred before the form is ready.
            await new Promise((resolve) => setTimeout(resolve, 20));
            await ctx.responder.openForm!({ formId: 'test.secret', title: 'Geheim', submitLabel: 'Ok', context: 'ballot-123', secret: true, fields: [{ id: 'x', label: 'X', kind: 'text', required: false, initialValue: 'mijn eerdere antwoord' }] });
          },
        },
      ],
    });
    await h.inject(h.slash('geheim'));
    const sent = JSON.stringify(h.fake.calls.map((c) => c.body));
    expect(sent).toContain('Druk nog eens op dezelfde knop');
    expect(sent).not.toContain('ballot-123');
    expect(sent).not.toContain('mijn eerdere antwoord');
    expect(JSON.stringify((h.t.backend as MemoryStore).dump())).not.toMatch(/ballot-123|mijn eerdere antwoord/);
  });
});

describe('privacy on Discord', () => {
  it('/liso mijn-gegevens lists what is stored; /liso vergeet-mij asks, and the confirm press erases', async () => {
    await h.inject(h.slash('mijn-gegevens', [], people.bram));
    expect(callbacks()[0]!.body.data.content).toContain('Jongerenraad');
    h.fake.take();
    await h.inject(h.slash('vergeet-mij', [], people.bram));
    const ask = callbacks()[0]!.body.data;
    const [confirm] = buttonsIn(ask.components);
    expect(confirm.style).toBe(4);
    h.fake.take();
    await h.inject(h.press(confirm.custom_id, people.bram, { flags: 64, components: ask.components }));
    expect([4, 7]).toContain(callbacks()[0]!.body.type);
    expect(await h.t.app.people.get('discord', people.bram.id)).toBeUndefined();
  });

  it('the adapter\'s own data about a person (closed DMs, roles through a Discord role) is listed and forgotten', async () => {
    h.fake.roles.push({ id: '830000000000000001', name: 'Jongeren' });
    await h.inject(h.slash('rol', [str('tekst', 'communicatieadviseur <@&830000000000000001>')]));
    await h.inject(h.slash('help', [], people.sanne, { roles: ['830000000000000001'] }));
    h.fake.script('POST', /^\/channels\/\d+\/messages$/, { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } });
    await h.runtime.adapter.sendDirect(people.sanne.id, { summary: 'x', blocks: [{ type: 'section', text: [{ type: 'text', text: 'x' }] }] }).catch(() => undefined);
    h.fake.take();
    // She still has the Discord role when she asks (without it the link would take the role back).
    await h.inject(h.slash('mijn-gegevens', [], people.sanne, { roles: ['830000000000000001'] }));
    const listed = callbacks()[0]!.body.data.content;
    expect(listed).toContain('Je privéberichten stonden dicht voor liso-bot');
    expect(listed).toContain('Je rol communicatieadviseur in Jongerenraad komt van een gekoppelde Discord-rol');
    h.fake.take();
    await h.inject(h.slash('vergeet-mij', [], people.sanne, { roles: ['830000000000000001'] }));
    const [confirm] = buttonsIn(callbacks()[0]!.body.data.components);
    const press = h.press(confirm.custom_id, people.sanne, { flags: 64 });
    press.member.roles = ['830000000000000001'];
    await h.inject(press);
    expect(await h.t.app.store.get(`discord:dm-closed:${people.sanne.id}`)).toBeUndefined();
    const network = await h.t.app.directory.byChannel('discord', '810000000000000001');
    expect(await h.t.app.store.setMembers(`discord:role-grants:${network!.id}`)).toEqual([]);
  });
});
