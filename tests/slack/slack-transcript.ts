// What each person saw on Slack, read from the calls FakeSlack recorded: one line of readable text
// per message (as a person reads it: headers, sections, context, buttons), who got it and when.
import { DateTime } from 'luxon';
import type { FakeSlack, RecordedCall } from './fake-slack-api.ts';

export interface Seen {
  /** The local day (network time zone) the message arrived. */
  day: string;
  /** A user id for private messages, a channel id for channel posts. */
  to: string;
  /** dm, ephemeral (response_url or postEphemeral), update, thread, channel, home, modal, file. */
  via: string;
  text: string;
  call: RecordedCall;
}

type Block = Record<string, any>;

/** A Block Kit message as a person reads it, markup left in so stray markup shows. */
export function readable(blocks: Block[] | undefined, fallback = ''): string {
  if (!blocks || blocks.length === 0) return fallback;
  const lines: string[] = [];
  for (const block of blocks) {
    switch (block['type']) {
      case 'header':
        lines.push(`# ${block['text']?.text}`);
        break;
      case 'section':
        if (block['text']) lines.push(String(block['text'].text));
        for (const field of block['fields'] ?? []) lines.push(`  ${field.text}`);
        if (block['accessory']) lines.push(`  ${control(block['accessory'])}`);
        break;
      case 'context':
        lines.push(`  (${(block['elements'] ?? []).map((e: Block) => e['text'] ?? '').join(' ')})`);
        break;
      case 'actions':
        lines.push((block['elements'] ?? []).map(control).join(' '));
        break;
      case 'divider':
        lines.push('---');
        break;
      case 'input':
        lines.push(`[input: ${block['label']?.text}]`);
        break;
      default:
        lines.push(`<${block['type']}>`);
    }
  }
  return lines.join('\n');
}

function control(element: Block): string {
  if (element['type'] === 'button') return `[${element['text']?.text}]`;
  if (element['options']) return `[${element['placeholder']?.text ?? 'kies'}: ${(element['options'] as Block[]).map((o) => o['text']?.text).join(' | ')}]`;
  return `[${element['type']}]`;
}

/**
 * Reads the calls since the last read into Seen records. `responders` maps a response_url's id
 * to the person who used it; direct conversations are `D…` for user `U…` (FakeSlack's rule).
 */
export class SlackTranscript {
  readonly seen: Seen[] = [];
  private read = 0;
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly fake: FakeSlack,
    private readonly timeZone: string,
  ) {}

  /** Who a response_url belongs to. */
  readonly responders = new Map<string, string>();

  collect(now: Date): Seen[] {
    const fresh: Seen[] = [];
    const day = DateTime.fromJSDate(now, { zone: this.timeZone }).toISODate()!;
    for (const call of this.fake.calls.slice(this.read)) {
      const record = this.toSeen(call, day);
      if (record) fresh.push(record);
    }
    this.read = this.fake.calls.length;
    this.seen.push(...fresh);
    return fresh;
  }

  private toSeen(call: RecordedCall, day: string): Seen | undefined {
    const body = call.body;
    const ok = (call.response as { ok?: boolean } | undefined)?.ok !== false;
    switch (call.method) {
      case 'chat.postMessage': {
        if (!ok) return undefined;
        const channel = String(body['channel']);
        const answer = call.response as { channel: string; ts: string };
        const to = /^[UD]/.test(channel) ? `U${channel.slice(1)}` : channel;
        this.owners.set(`${answer.channel}/${answer.ts}`, to);
        const via = /^[UD]/.test(channel) ? (body['thread_ts'] ? 'dm-thread' : 'dm') : body['thread_ts'] ? 'thread' : 'channel';
        return { day, to, via, text: readable(body['blocks'], String(body['text'] ?? '')), call };
      }
      case 'chat.postEphemeral':
        return { day, to: String(body['user']), via: 'ephemeral', text: readable(body['blocks'], String(body['text'] ?? '')), call };
      case 'chat.update': {
        const to = this.owners.get(`${body['channel']}/${body['ts']}`) ?? String(body['channel']);
        return { day, to, via: 'update', text: readable(body['blocks'], String(body['text'] ?? '')), call };
      }
      case 'response_url': {
        const to = this.responders.get(call.target) ?? `response:${call.target}`;
        return { day, to, via: body['replace_original'] === true ? 'replace' : 'ephemeral', text: readable(body['blocks'], String(body['text'] ?? '')), call };
      }
      case 'views.publish':
        return { day, to: String(body['user_id']), via: 'home', text: readable(body['view']?.blocks), call };
      case 'views.open':
        return { day, to: 'modal', via: 'modal', text: `${body['view']?.title?.text}\n${readable(body['view']?.blocks)}`, call };
      case 'files.completeUploadExternal': {
        const channel = String(body['channel_id']);
        const files = body['files'];
        const title = Array.isArray(files) ? files.map((f: Block) => f['title']).join(', ') : String(files);
        return { day, to: /^[UD]/.test(channel) ? `U${channel.slice(1)}` : channel, via: 'file', text: `📎 ${title}`, call };
      }
      default:
        return undefined;
    }
  }
}

/** A Markdown table: a row per person, a column per day they got anything, and the total. */
export function countTable(seen: readonly Seen[], people: ReadonlyArray<[id: string, name: string]>, counted: (s: Seen) => boolean): string {
  const days = [...new Set(seen.filter(counted).map((s) => s.day))].sort();
  const rows = people.map(([id, name]) => {
    const mine = seen.filter((s) => s.to === id && counted(s));
    return `| ${name} | ${days.map((d) => mine.filter((s) => s.day === d).length || '').join(' | ')} | ${mine.length} |`;
  });
  return [`| person | ${days.map((d) => d.slice(5)).join(' | ')} | total |`, `|---|${days.map(() => '---').join('|')}|---|`, ...rows].join('\n');
}
