// Hostile text through the real Slack, Discord and Teams adapters against their local fakes: what reaches the
// platform never pings, links or tags, and every command is answered without a failure.
import { describe, expect, it, vi } from 'vitest';
import { startFakeSlack } from '../slack/fake-slack-api.ts';
import { directMessage } from '../slack/message-payloads.ts';
import { startHarness } from '../slack/slack-harness.ts';
import { DiscordHarness, messageBodies, people as discordPeople, str } from '../discord/discord-harness.ts';
import { people as teamsPeople, TeamsHarness } from '../teams/teams-harness.ts';
import { invalidCards } from '../teams/teams-harness.ts';
import { HOSTILE } from './hostile-inputs.ts';

const failuresIn = (logLines: readonly string[]) => logLines.filter((line) => /"level":(50|60)/.test(line));

describe('Discord', () => {
  it('every hostile text in a network name, a win, a place, a question and a direct message goes out inert', async () => {
    const h = await DiscordHarness.start();
    try {
      await h.inject(h.slash('start', [str('tekst', 'Jeugd')]));
      await h.inject(h.slash('sessie', [str('tekst', '2027-03-11 14:00-17:00 Buurthuis')]));
      const live: string[] = [];
      let channels = 0;
      for (const [name, input] of Object.entries(HOSTILE)) {
        const typed = input.slice(0, 6_000);
        for (const [sub, text, dm] of [['start', typed, false], ['vier', typed, false], ['sessie', `plek 2027-03-11 ${typed}`, false], ['vraag', typed, false], ['vier', typed, true]] as const) {
          h.fake.take();
          const raw = h.slash(sub, [str('tekst', text)], discordPeople.anna, { dm });
          if (sub === 'start') raw.channel_id = raw.channel.id = `82000000000000${String(++channels).padStart(4, '0')}`;
          await h.inject(raw);
          const bodies = messageBodies(h.fake);
          if (bodies.length === 0) live.push(`${sub} ${name}: no answer`);
          for (const body of bodies) {
            const content: string = (body.content ?? '').replaceAll(`<@${discordPeople.anna.id}>`, '');
            if (/@(everyone|here)|(^|[^\\])<[@#!:]|(^|[^\\])\[[^\]]*\]\(https?:\/\/evil/.test(content)) live.push(`${sub} ${name}: ${content.slice(0, 100)}`);
            if (body.allowed_mentions?.parse?.length !== 0) live.push(`${sub} ${name}: allowed_mentions ${JSON.stringify(body.allowed_mentions)}`);
          }
        }
      }
      expect(live).toEqual([]);
      expect(failuresIn(h.t.logLines)).toEqual([]);
      expect(h.fake.violations).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('Teams', () => {
  // Teams sends typed text as HTML: what the person typed as "<" arrives as "&lt;"; formatting arrives as tags.
  const asTeamsSends = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  it('every hostile text, typed or as formatting, in a network name, a win, a place and a message goes out inert', async () => {
    const h = await TeamsHarness.start();
    try {
      await h.deliver(h.personalInstall(teamsPeople.anna));
      await h.deliver(h.message('start Jeugd', teamsPeople.anna, { kind: 'channel' }));
      await h.deliver(h.message('sessie 2027-03-11 14:00-17:00 Buurthuis', teamsPeople.anna, { kind: 'channel' }));
      const live: string[] = [];
      let channels = 0;
      for (const [name, input] of Object.entries(HOSTILE)) {
        for (const typed of [asTeamsSends(input), input]) {
          for (const [text, where] of [
            [`start ${typed}`, { kind: 'channel', channel: `19:kanaal-${++channels}@thread.tacv2` }],
            [`vier ${typed}`, { kind: 'channel' }],
            [`sessie plek 2027-03-11 ${typed}`, { kind: 'channel' }],
            [typed, { kind: 'channel' }],
            [typed, { kind: 'personal' }],
          ] as const) {
            const before = h.fake.sent().length;
            const response = await h.deliver(h.message(text, teamsPeople.anna, where));
            if (response.status !== 200) live.push(`${name}: HTTP ${response.status}`);
            const cards = h.fake.sent().slice(before).flatMap((call) => (call.body?.attachments ?? []).map((a: any) => a.content));
            if (cards.length === 0) live.push(`${text.slice(0, 20)} ${name}: no answer`);
            for (const card of cards) {
              let body = JSON.stringify(card.body);
              for (const entity of card.msteams?.entities ?? []) body = body.split(entity.text).join('');
              if (/<(at|script|img)/i.test(body) || /(^|[^\\])\[[^\]]*[^\\]\]\(https?:\/\/evil/.test(body)) live.push(`${text.slice(0, 20)} ${name}: ${body.slice(0, 100)}`);
            }
          }
        }
      }
      expect(live).toEqual([]);
      expect(failuresIn(h.t.logLines)).toEqual([]);
      expect(invalidCards(h.fake)).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('Slack', () => {
  // Slack sends typed "<", ">" and "&" as entities; a mention, @channel or a link picked from its menus as markup.
  const asSlackSends = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const PICKED = '<!channel> <!here|here> <!subteam^S0TEAM01|@team> <https://evil.example|klik> <#C0OTHER01|andere>';

  it('every hostile text, typed or picked from a menu, in a network name, a win and a direct message goes out inert', async () => {
    const fake = await startFakeSlack();
    const h = await startHarness(fake);
    try {
      await h.command('start Jeugd', { channel: 'C0NET00001' });
      const answers = () => fake.calls.filter((call) => call.method === 'response_url' || call.method === 'chat.postMessage' || call.method === 'chat.postEphemeral');
      // The work goes on after Slack's ack: each request is awaited until it is answered (a post, a reply).
      const answered = async (send: () => Promise<unknown>) => {
        const before = answers().length;
        await send();
        await vi.waitFor(() => expect(answers().length).toBeGreaterThan(before), { timeout: 10_000, interval: 20 });
      };
      let channels = 0;
      for (const typed of [...Object.values(HOSTILE).map(asSlackSends), PICKED]) {
        await answered(() => h.command(`start ${typed}`, { channel: `C0NEW${String(++channels).padStart(5, '0')}` }));
        await answered(() => h.command(`vier ${typed}`, { channel: 'C0NET00001' }));
        await answered(() => h.event(directMessage(typed)));
      }
      const live = answers().flatMap((call) => {
        const text = JSON.stringify(call.body).replaceAll('<@U0ANNA0001>', '');
        return /<!(channel|here|everyone|subteam)|<https:\/\/evil|<#C0OTHER/.test(text) ? [`${call.method}: ${text.slice(0, 120)}`] : [];
      });
      expect(live).toEqual([]);
      expect(failuresIn(h.logLines)).toEqual([]);
    } finally {
      await h.stop();
      await fake.stop();
    }
  });
});
