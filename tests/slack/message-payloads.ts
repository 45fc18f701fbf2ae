// Events API deliveries of messages: a direct message to the bot (message.im) and a mention of
// it in a channel (app_mention), built from the recorded fixtures.
import { randomUUID } from 'node:crypto';
import { fixture } from './fake-slack-api.ts';

let tsCounter = 0;

export interface MessageOptions {
  user?: string;
  channel?: string;
  ts?: string;
  eventId?: string;
  /** Fields merged into the event (subtype, bot_id, files, thread_ts, …). */
  extra?: Record<string, unknown>;
}

export function nextTs(): string {
  return `17000${String(++tsCounter).padStart(5, '0')}.000100`;
}

/** A message.im delivery (a direct message to the bot). */
export function directMessage(text: string, o: MessageOptions = {}): Record<string, unknown> {
  const payload = fixture('message-im.json');
  const ts = o.ts ?? nextTs();
  const event = { ...(payload['event'] as object), user: o.user ?? 'U0ANNA0001', channel: o.channel ?? 'D0ANNADM01', text, ts, event_ts: ts, ...o.extra };
  return { ...payload, event_id: o.eventId ?? `Ev${randomUUID()}`, event };
}

/** An app_mention delivery (`@liso-bot …` in a channel). */
export function mention(text: string, o: MessageOptions = {}): Record<string, unknown> {
  const payload = fixture('app-mention.json');
  const ts = o.ts ?? nextTs();
  const event = { ...(payload['event'] as object), user: o.user ?? 'U0ANNA0001', channel: o.channel ?? 'C0NET00001', text: `<@U0LISOBOT1> ${text}`, ts, event_ts: ts, ...o.extra };
  return { ...payload, event_id: o.eventId ?? `Ev${randomUUID()}`, event };
}
