// Every core feature through Discord end to end: raw interactions in, REST calls to a fake Discord out.
import { describe, expect, it } from 'vitest';
import { CHANNEL, DiscordHarness, messageBodies, people, str, user, useDiscordHarness } from './discord-harness.ts';

let h: DiscordHarness;
useDiscordHarness((harness) => {
  h = harness;
});

const callbacks = () => h.fake.calls.filter((c) => c.path.endsWith('/callback'));
const channelPosts = () => h.fake.callsTo('POST', new RegExp(`^/channels/${CHANNEL}/messages$`));

async function startNetwork(): Promise<void> {
  await h.inject(h.slash('start', [str('tekst', 'Jeugdzorg Leiden')]));
  h.fake.take();
}

describe('Discord feature flows', () => {
  it('/liso help answers privately (ephemeral) with every command', async () => {
    await h.inject(h.slash('help'));
    const [reply] = callbacks();
    expect(reply!.body.type).toBe(4);
    expect(reply!.body.data.flags).toBe(64);
    expect(reply!.body.data.content).toContain('/liso start');
    expect(reply!.body.data.content).toContain('/liso sessie');
    expect(reply!.body.data.allowed_mentions).toEqual({ parse: [], users: [], replied_user: false });
    expect(reply!.auth).toBeUndefined();
  });

  it('/liso start posts in the channel with only the trekker pinged, then acknowledges privately', async () => {
    await h.inject(h.slash('start', [str('tekst', 'Jeugdzorg Leiden')]));
    const [post] = channelPosts();
    expect(post!.body.content).toContain('Jeugdzorg Leiden');
    expect(post!.body.content).toContain(`<@${people.anna.id}>`);
    expect(post!.body.allowed_mentions).toEqual({ parse: [], users: [people.anna.id], replied_user: false });
    expect(post!.auth).toBe('Bot fake-bot-token');
    const [ack] = callbacks();
    expect(ack!.body).toMatchObject({ type: 4, data: { flags: 64, content: 'Gedaan.' } });
    const network = await h.t.app.directory.byChannel('discord', CHANNEL);
    expect(network?.name).toBe('Jeugdzorg Leiden');
    expect(await h.t.app.directory.rolesOf(network!.id, people.anna.id)).toEqual(['trekker']);
  });

  it('/liso rol with a user option and a typed <@id> mention assigns both', async () => {
    await startNetwork();
    await h.inject(h.slash('rol', [str('tekst', `deelnemer <@${people.sanne.id}>`), user('persoon', people.bram)]));
    const [post] = channelPosts();
    expect(post!.body.content).toMatch(/<@100000000000000003>.*<@100000000000000002>|<@100000000000000002>.*<@100000000000000003>/);
    expect(post!.body.allowed_mentions.users.sort()).toEqual([people.bram.id, people.sanne.id]);
    const network = await h.t.app.directory.byChannel('discord', CHANNEL);
    expect(await h.t.app.directory.holders(network!.id, 'deelnemer')).toEqual([people.bram.id, people.sanne.id]);
    // The typed mention was looked up for its name.
    expect(h.fake.callsTo('GET', /^\/users\/100000000000000003$/)).toHaveLength(1);
  });

  it('/liso sessie plans a session, /liso sessies and /liso netwerk show it', async () => {
    await startNetwork();
    await h.inject(h.slash('sessie', [str('tekst', '2027-03-11 14:00')]));
    expect(channelPosts()[0]!.body.content).toMatch(/11 maart 2027/);
    h.fake.take();
    await h.inject(h.slash('sessies'));
    expect(callbacks()[0]!.body.data.content).toMatch(/11 maart 2027/);
    h.fake.take();
    await h.inject(h.slash('netwerk'));
    const reply = callbacks()[0]!.body.data;
    expect(reply.flags).toBe(64);
    expect(reply.content).toContain('Jeugdzorg Leiden');
    expect(reply.content).toContain(`<@${people.anna.id}>`);
  });

  it('/liso taal en switches the language of later answers', async () => {
    await h.inject(h.slash('taal', [str('tekst', 'en')]));
    h.fake.take();
    await h.inject(h.slash('help'));
    expect(callbacks()[0]!.body.data.content).toContain('These are the commands');
    expect(callbacks()[0]!.body.data.content).not.toContain('Dit zijn de commando');
  });

  it('/liso vraag asks the handbook: an answer with its source and buttons, a related topic on a press', async () => {
    await h.inject(h.slash('vraag', [str('tekst', 'na de kick-off komt bijna niemand meer')]));
    const answer = callbacks()[0]!.body.data;
    expect(answer.flags).toBe(64);
    expect(answer.content).toContain('LISO-handboek');
    const buttons = answer.components.flatMap((row: any) => row.components);
    expect(buttons.length).toBeGreaterThan(0);
    const topic = buttons.find((b: any) => b.custom_id.startsWith('b:advice.topic|'));
    expect(topic).toBeDefined();
    h.fake.take();
    await h.inject(h.press(topic.custom_id, people.anna, { flags: 64 }));
    const shown = callbacks()[0]!.body;
    expect([4, 7]).toContain(shown.type);
    expect(shown.data.content).toContain('LISO-handboek');
    expect(shown.data.content).toContain(topic.label.replace(/…$/, '').slice(0, 20));
  });

  it('/liso struikelblokken shows the stumbling-block menu within the row limit', async () => {
    await h.inject(h.slash('struikelblokken'));
    const menu = callbacks()[0]!.body.data;
    expect(menu.components.length).toBeGreaterThan(0);
    expect(menu.components.length).toBeLessThanOrEqual(5);
  });

  it('/liso commando passes its text as typed after /liso (commands beyond Discord\'s 25)', async () => {
    await h.inject(h.slash('commando', [str('tekst', 'help')]));
    expect(callbacks()[0]!.body.data.content).toContain('/liso start');
  });

  it('a command in a DM is a direct conversation and clears a remembered closed DM', async () => {
    await h.t.app.store.set(`discord:dm-closed:${people.anna.id}`, { since: new Date() });
    await h.inject(h.slash('netwerk', [], people.anna, { dm: true }));
    expect(callbacks()[0]!.body.data.content).toContain('nog geen rol');
    expect(await h.t.app.store.get(`discord:dm-closed:${people.anna.id}`)).toBeUndefined();
  });

  it('a long unknown word echoed in an error is cut with an ellipsis, never inside an emoji', async () => {
    await h.inject(h.slash('start', [str('tekst', 'Netwerk')]));
    const typed = `${'x'.repeat(39)}😀${'y'.repeat(60)}`;
    for (const [sub, text] of [['rol', typed], ['rol', `${typed} <@&820000000000000001>`], ['rol', `deelnemer ${typed}`], ['sessie', `verplaats ${typed} 2027-04-01`], ['tijdlijn', `gedaan ${typed}`], ['tijdlijn', `rol notulen ${typed}`]] as const) {
      h.fake.take();
      await h.inject(h.slash(sub, [str('tekst', text)]));
      const content: string = messageBodies(h.fake).at(-1)!.content;
      const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
      expect([sub, text, loneSurrogate.test(content)]).toEqual([sub, text, false]);
      expect(content).toMatch(/x{20,}(😀y*)?…/);
      expect(content).not.toContain('y'.repeat(60));
    }
  });

  it('a replayed interaction (same id) is handled once', async () => {
    const raw = h.slash('start', [str('tekst', 'Eenmalig')]);
    await h.inject(raw);
    await h.inject(structuredClone(raw));
    expect(channelPosts()).toHaveLength(1);
  });

  it('start-discord wires interactionCreate to the handler', async () => {
    h.runtime.client.removeAllListeners('interactionCreate');
    const { startDiscord } = await import('../../adapters/discord/index.ts');
    const second = await startDiscord(h.t.app, { token: 'fake-bot-token', applicationId: '900000000000000001', apiUrl: h.fake.url }, h.t.app.log, { login: false });
    (second.client as any).actions.InteractionCreate.handle(h.slash('help'));
    const call = await h.fake.waitFor((c) => c.path.endsWith('/callback'));
    expect(call.body.data.content).toContain('/liso start');
    await second.stop();
  });
});
