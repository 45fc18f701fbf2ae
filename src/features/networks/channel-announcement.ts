// A change to a network (a session planned, a new name, a role given) told in its channel: the post
// is owed in the same commit as the change, under a key that names the change, and sent through
// Delivery right after, so a platform hiccup is retried and a stop right after the change still posts it.
import { createHash } from 'node:crypto';
import type { Delivery, DeliveryTarget } from '../../core/delivery.ts';
import type { InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block, Message } from '../../core/message.ts';
import { toPlainString } from '../../core/rich-text.ts';
import type { People } from '../../domain/people.ts';
import { keys } from '../../domain/keys.ts';
import type { Network } from '../../domain/types.ts';
import type { StoreWrite } from '../../store/port.ts';
import { channelLang } from './network-context.ts';

export interface ChannelVoice {
  t: Translator;
  lang: Lang;
}

/** Changes concern everyone, so they are told in the channel's language, whoever made them and in whatever language they read. */
export async function channelVoice(ctx: InvocationContext, network: Network, deps: { people: People; defaultLang: Lang }): Promise<ChannelVoice> {
  const lang = await channelLang(deps.people, network, deps.defaultLang);
  return { t: lang === ctx.lang ? ctx.t : ctx.translator(lang), lang };
}

/** The channel a post goes to and the name that summarises it when its first block is no section. */
export type AnnouncedIn = Pick<Network, 'platform' | 'channelId' | 'name'>;

/** Where and what an announcement is: the network's channel, summarised by its first section. */
export function announcement(network: AnnouncedIn, blocks: Block[]): { target: DeliveryTarget; message: Message } {
  const first = blocks[0];
  return {
    target: { kind: 'channel', platform: network.platform, channelId: network.channelId },
    message: { summary: first && first.type === 'section' ? toPlainString(first.text) : network.name, blocks },
  };
}

/** One kind of change told in the channel, described from what the change's commit stores (`of`). */
export interface AnnouncedChange<T> {
  /**
   * The Delivery key: names the change (what changed, and when or into what), never a person, so
   * the send after the commit meets the record the commit made and a new change gets its own.
   */
  key(of: T): string;
  /** The set that lists the key, so deleting the network finds the post (its key cannot be made again). */
  index(of: T): string;
  build(t: Translator, lang: Lang, of: T): Block[];
}

export interface ChannelAnnouncer<T> {
  /** The writes that owe the post, for the change's own commit. */
  owed(of: T): StoreWrite[];
  /** Sends it now (once per key: the queue after a stop sends nothing twice). */
  send(of: T): Promise<void>;
}

export interface AnnouncerDeps {
  delivery: Pick<Delivery, 'pendingWrites' | 'send'>;
}

export function channelAnnouncer<T>(ctx: InvocationContext, place: AnnouncedIn, voice: ChannelVoice, deps: AnnouncerDeps, change: AnnouncedChange<T>): ChannelAnnouncer<T> {
  const of = (changed: T) => {
    const { target, message } = announcement(place, change.build(voice.t, voice.lang, changed));
    return [change.key(changed), target, message] as const;
  };
  return {
    owed: (changed) => [...deps.delivery.pendingWrites(...of(changed)), { op: 'setAdd', key: change.index(changed), members: [change.key(changed)] }],
    async send(changed) {
      const [key, target, message] = of(changed);
      const outcome = await deps.delivery.send(key, target, message);
      ctx.log.info({ key, outcome: outcome.status }, 'change announced in the channel');
      // The change is made either way; the person who made it hears when the channel has not seen it yet.
      const note = outcome.status === 'failed' ? 'channel.announce.failed' : outcome.status === 'retrying' || outcome.status === 'queued' ? 'channel.announce.later' : undefined;
      if (note) await ctx.reply({ summary: ctx.t.text(note), blocks: [{ type: 'section', text: ctx.t.rich(note) }] });
    },
  };
}

/** The Delivery keys of a network's own posts (its sessions' are in sessions/session-keys.ts). */
export const networkAnnouncementKeys = {
  started: (networkId: string) => `network-announcement:${networkId}:started`,
  /** One per rename: its moment and the names from and to (two renames in one instant differ). */
  renamed: (networkId: string, at: Date, from: string, to: string) => `network-announcement:${networkId}:renamed:${at.getTime()}:${digest(from, to)}`,
  /** One per reopening: the close it undoes. */
  reopened: (networkId: string, closedAt: Date) => `network-announcement:${networkId}:reopened:${closedAt.getTime()}`,
  /**
   * One per role command that changed something: its moment, the role and direction, and a random
   * tag made once per command (two commands in one instant differ). Never who: a digest of their ids
   * would outlive their erasure as a pseudonym anyone holding the store could recompute.
   */
  roles: (networkId: string, at: Date, change: { role: string; removing: boolean; tag: string }) =>
    `network-announcement:${networkId}:role:${at.getTime()}:${change.role}:${change.removing ? 'removed' : 'assigned'}:${change.tag}`,
  /** One per change of the channel's language: its moment and the language it became. */
  langChanged: (networkId: string, at: Date, lang: string) => `network-announcement:${networkId}:lang:${at.getTime()}:${lang}`,
  /** Someone took the trekker role a network had lost. */
  leadClaimed: (networkId: string, at: Date) => `network-announcement:${networkId}:lead-claimed:${at.getTime()}`,
};

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);
}

/** A network's own post (its start, name, reopening, roles), listed under the network so its deletion erases it. */
export function networkAnnouncer(ctx: InvocationContext, place: AnnouncedIn, voice: ChannelVoice, deps: AnnouncerDeps, key: (network: Network) => string, build: (t: Translator, lang: Lang, network: Network) => Block[]): ChannelAnnouncer<Network> {
  return channelAnnouncer(ctx, place, voice, deps, { key, index: (network) => keys.networkAnnouncements(network.id), build });
}
