// Drives a network's quarter on Slack as its people: signed commands, presses, direct messages,
// mentions and App Home openings into real Bolt, a simulated clock walked from due moment to due
// moment, and a restart on the same SQLite file. What each person saw is kept in a SlackTranscript.
import { decodeActionId } from '../../adapters/slack/action-ids.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { SimulatedClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/port.ts';
import type { FakeSlack, RecordedCall } from './fake-slack-api.ts';
import { fixture, startFakeSlack } from './fake-slack-api.ts';
import type { SlackHarness } from './slack-harness.ts';
import { startHarness } from './slack-harness.ts';
import type { Seen } from './slack-transcript.ts';
import { SlackTranscript } from './slack-transcript.ts';

export interface SlackButton {
  action_id: string;
  value: string;
  text: { text: string };
}

/** Every button of a Slack message body (or a Seen's call), in order. */
export function buttonsOf(body: Record<string, any>): SlackButton[] {
  return ((body['blocks'] ?? []) as Array<{ type: string; elements?: SlackButton[]; accessory?: SlackButton }>).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []) : b.accessory && (b.accessory as { type?: string }).type === 'button' ? [b.accessory] : [],
  );
}

/** The core action id of a Slack action_id (the adapter adds "~position", and "p<page>" on a message sent in pages). */
export const coreAction = (button: SlackButton) => decodeActionId(button.action_id);

let counter = 0;

export class QuarterDriver {
  h!: SlackHarness;
  transcript: SlackTranscript;
  private store!: Store;
  private started = 0;
  private readonly running = new Set<Promise<void>>();
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'liso-quarter-'));

  private constructor(
    readonly fake: FakeSlack,
    readonly clock: SimulatedClock,
    readonly channel: string,
    readonly names: Map<string, string>,
  ) {
    this.transcript = new SlackTranscript(fake, 'Europe/Amsterdam');
  }

  static async start(channel: string, names: Map<string, string>, start: Date): Promise<QuarterDriver> {
    const driver = new QuarterDriver(await startFakeSlack(), new SimulatedClock(start), channel, names);
    await driver.boot();
    return driver;
  }

  private async boot(): Promise<void> {
    this.store = await openStore(`sqlite://${path.join(this.dir, 'liso.sqlite')}`, this.clock);
    this.h = await startHarness(this.fake, { store: this.store, clock: this.clock });
    const bot = this.h.app.bot;
    const handle = bot.handle.bind(bot);
    bot.handle = (event, responder) => {
      this.started++;
      const work = handle(event, responder);
      this.running.add(work);
      const done = () => void this.running.delete(work);
      work.then(done, done);
      return work;
    };
  }

  /** Stops the app and starts a new one on the same store file, as a redeploy does. */
  async restart(): Promise<void> {
    await this.settled(this.started);
    await this.h.stop();
    await this.h.app.close();
    this.started = 0;
    await this.boot();
  }

  async stop(): Promise<void> {
    await this.h.stop();
    await this.h.app.close();
    await this.fake.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async settled(expected: number): Promise<void> {
    await vi.waitFor(
      () => {
        if (this.started < expected) throw new Error('the core has not received the request yet');
      },
      { timeout: 5_000, interval: 10 },
    );
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private name(user: string): string {
    return this.names.get(user) ?? user;
  }

  /** What arrived since the last look. */
  collect(): Seen[] {
    return this.transcript.collect(this.clock.now());
  }

  /** `/liso <text>` by a user in the network channel (or another channel); returns what arrived. */
  async command(user: string, text: string, channel = this.channel): Promise<Seen[]> {
    const expected = this.started + 1;
    const responseUrl = this.fake.responseUrl();
    this.transcript.responders.set(responseUrl.split('/').pop()!, user);
    const payload = fixture<Record<string, string>>('slash-command.json');
    Object.assign(payload, {
      text,
      user_id: user,
      user_name: this.name(user),
      channel_id: channel,
      channel_name: channel.startsWith('D') ? 'directmessage' : 'jeugd',
      response_url: responseUrl,
      trigger_id: `quarter-${++counter}.trigger`,
    });
    const { status } = await this.h.post(new URLSearchParams(payload).toString(), 'application/x-www-form-urlencoded');
    if (status !== 200) throw new Error(`command answered ${status}`);
    await this.settled(expected);
    return this.minute();
  }

  /**
   * The ticker's next minute: what the command queued goes out, as the background worker of
   * `liso start` sends it at once (the harness runs none).
   */
  async minute(): Promise<Seen[]> {
    await this.h.app.bot.tick(this.clock.now());
    return this.collect();
  }

  /** A user presses a button on a message they got. */
  async press(user: string, on: Seen, button: SlackButton): Promise<Seen[]> {
    const responseUrl = this.fake.responseUrl();
    this.transcript.responders.set(responseUrl.split('/').pop()!, user);
    const answer = on.call.response as { channel?: string; ts?: string; message_ts?: string } | undefined;
    const ephemeral = on.via === 'ephemeral' || on.via === 'replace';
    const channel = answer?.channel ?? (on.to.startsWith('C') ? on.to : this.channel);
    const ts = answer?.ts ?? answer?.message_ts ?? '1700000000.000100';
    const payload = {
      ...fixture('block-actions.json'),
      user: { id: user, username: this.name(user), name: this.name(user), team_id: 'T0001ABCD' },
      trigger_id: `quarter-press-${++counter}`,
      response_url: responseUrl,
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: ephemeral },
      channel: { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'jeugd' },
      // As Slack does, the press carries the message it was on (an ephemeral one is not sent along).
      message: { type: 'message', subtype: 'bot_message', ts, text: '', blocks: ephemeral ? [] : (on.call.body['blocks'] ?? []) },
      actions: [{ action_id: button.action_id, value: button.value, type: 'button', text: button.text, action_ts: `${1700000000 + counter}.000001` }],
    };
    const expected = this.started + 1;
    if ((await this.h.interact(payload)) !== 200) throw new Error('press refused');
    await this.settled(expected);
    return this.minute();
  }

  /** A direct message to the bot, or a mention of it in the channel. */
  async say(user: string, text: string, where: 'dm' | 'mention'): Promise<Seen[]> {
    const id = ++counter;
    const ts = `${1700001000 + id}.000100`;
    const event =
      where === 'dm'
        ? { user, type: 'message', ts, client_msg_id: `msg-${id}`, text, team: 'T0001ABCD', channel: `D${user.slice(1)}`, event_ts: ts, channel_type: 'im' }
        : { user, type: 'app_mention', ts, client_msg_id: `msg-${id}`, text: `<@U0LISOBOT1> ${text}`, team: 'T0001ABCD', channel: this.channel, event_ts: ts };
    const base = fixture<Record<string, unknown>>('message-im.json');
    const expected = this.started + 1;
    await this.h.event({ ...base, event, event_id: `Ev0QUARTER${id}` });
    await this.settled(expected);
    return this.minute();
  }

  /** A user submits the modal the bot opened last (views.open), with a value per field. */
  async submit(user: string, values: Record<string, string>): Promise<Seen[]> {
    const opened = this.fake.callsTo('views.open').at(-1);
    if (!opened) throw new Error('no modal was opened');
    const view = opened.body['view'] as Record<string, any>;
    const state = Object.fromEntries(Object.entries(values).map(([field, value]) => [field, { value: { type: 'plain_text_input', value } }]));
    const payload = {
      ...fixture<Record<string, any>>('view-submission.json'),
      user: { id: user, username: this.name(user), name: this.name(user), team_id: 'T0001ABCD' },
      trigger_id: `quarter-submit-${++counter}`,
      view: { ...fixture<Record<string, any>>('view-submission.json')['view'], callback_id: view['callback_id'], private_metadata: view['private_metadata'], state: { values: state } },
    };
    const expected = this.started + 1;
    if ((await this.h.interact(payload)) !== 200) throw new Error('submission refused');
    await this.settled(expected);
    return this.minute();
  }

  /** A user leaves the network's channel (Slack's member_left_channel event). */
  async leave(user: string): Promise<Seen[]> {
    const base = fixture<Record<string, unknown>>('message-im.json');
    const id = ++counter;
    const ts = `${1700002000 + id}.000100`;
    await this.h.event({ ...base, event: { type: 'member_left_channel', user, channel: this.channel, channel_type: 'C', team: 'T0001ABCD', event_ts: ts }, event_id: `Ev0LEFT${id}` });
    return this.minute();
  }

  /** A user opens the app's Home tab (or its Messages tab). */
  async open(user: string, tab: 'home' | 'messages'): Promise<Seen[]> {
    const base = fixture<Record<string, any>>('app-home-opened.json');
    const id = ++counter;
    await this.h.event({ ...base, event: { ...base['event'], user, channel: `D${user.slice(1)}`, tab }, event_id: `Ev0OPEN${id}` });
    if (tab === 'messages') await this.settled(this.started + 1);
    else await vi.waitFor(() => {
      if (!this.fake.callsTo('views.publish').some((c) => c.body['user_id'] === user && this.transcript.seen.every((s) => s.call !== c))) throw new Error('no home yet');
    }, { timeout: 5_000, interval: 10 });
    return this.collect();
  }

  /**
   * Moves the clock from due moment to due moment up to `until`, ticking the bot at each; at each
   * moment `onMoment` gets what arrived (people answer there).
   */
  async walk(until: Date, onMoment?: (seen: Seen[], at: Date) => Promise<void>): Promise<void> {
    const bot = () => this.h.app.bot;
    const tickAt = async (at: Date) => {
      await bot().tick(at);
      const seen = this.collect();
      if (onMoment && seen.length > 0) await onMoment(seen, at);
    };
    for (let step = 0; step < 2_000; step++) {
      const due = await bot().nextDue(this.clock.now());
      if (!due || due > until) break;
      if (due > this.clock.now()) this.clock.set(due);
      await tickAt(this.clock.now());
    }
    if (until > this.clock.now()) this.clock.set(until);
    await tickAt(this.clock.now());
  }
}

/** The first button with this core action id (and value test) on a message. */
export function buttonOn(seen: Seen | RecordedCall, actionId: string, value: (v: string) => boolean = () => true): SlackButton | undefined {
  const body = 'call' in seen ? seen.call.body : seen.body;
  return buttonsOf(body).find((b) => coreAction(b) === actionId && value(b.value));
}
