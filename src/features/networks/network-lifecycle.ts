// A network's name and end: `/liso netwerk naam`, `afsluiten` (with a confirmation) and
// `heropenen`. Closing is a stored state (Network.closedAt): every tick that plans work for a
// network respects it, and the retention tick (privacy) deletes the network after its window.
import { randomBytes } from 'node:crypto';
import type { Delivery } from '../../core/delivery.ts';
import type { ActionEvent } from '../../core/events.ts';
import type { ActionSpec, CommandContext, InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import { formatDate } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { Block, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { mention, toPlainString } from '../../core/rich-text.ts';
import { cleanOneLine, truncate, typedLength } from '../../core/sanitize.ts';
import { UserError } from '../../core/user-error.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { People } from '../../domain/people.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Network } from '../../domain/types.ts';
import type { Store } from '../../store/port.ts';
import { channelLang, managedNetworkOf } from './network-context.ts';
import { channelVoice, networkAnnouncementKeys, networkAnnouncer } from './channel-announcement.ts';
import { networkTitleCapitalised } from './network-title.ts';
import { keywordOf } from '../../core/command-words.ts';
import { changeChannelLang, changesChannelLang } from './network-language.ts';

export const MAX_NETWORK_NAME = 80;
/** Longest name read at all (a paste is not scanned whole). */
const MAX_TYPED_NAME = 10 * MAX_NETWORK_NAME;
const RENAME_WORDS = new Set(['naam', 'hernoem', 'name', 'rename']);
const CLOSE_WORDS = new Set(['afsluiten', 'sluit', 'sluiten', 'close']);
const REOPEN_WORDS = new Set(['heropenen', 'heropen', 'reopen']);
// Not declared as subcommands of `netwerk`: "/liso afsluiten" alone asks the handbook how to close a network well.

const CLOSE_PREFIX = 'network.close';
const CONFIRM_ACTION = 'network.close.confirm';
const CANCEL_ACTION = 'network.close.cancel';
// As with vergeet-mij: the confirmation is good for a quarter of an hour.
const REQUEST_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 3_600_000;

const requestKey = (nonce: string) => `networks:close-request:${nonce.slice(0, 40)}`;
/** The closing post of one close (a reopen and a second close post again). */
export const closingPostKey = (network: Pick<Network, 'id' | 'closedAt'>) => `network-closed:${network.id}:${network.closedAt?.getTime() ?? 0}`;

/** Who asked to close which network; the button carries only the nonce. */
interface CloseRequest {
  networkId: string;
  userId: string;
}

export interface LifecycleDeps {
  store: Store;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  people: People;
  delivery: Pick<Delivery, 'send' | 'enqueue' | 'erase' | 'pendingWrites'>;
  defaultLang: Lang;
  translator(lang: Lang): Translator;
  /** Days a closed network is kept before its data is deleted. */
  retentionDays: number;
  log: Logger;
}

/** Whether `/liso netwerk …` renames: its words after the verb are the new name. */
export function renamesNetwork(args: readonly string[]): boolean {
  return RENAME_WORDS.has(keywordOf(args[0]));
}

/** Runs `/liso netwerk <verb> …`; false when the first word is no lifecycle verb. */
export async function runLifecycleCommand(ctx: CommandContext, deps: LifecycleDeps): Promise<boolean> {
  const verb = keywordOf(ctx.args[0]);
  if (renamesNetwork(ctx.args)) await rename(ctx, deps);
  else if (CLOSE_WORDS.has(verb)) await askToClose(ctx, deps);
  else if (REOPEN_WORDS.has(verb)) await reopen(ctx, deps);
  else if (changesChannelLang(ctx.args)) await changeChannelLang(ctx, deps);
  else return false;
  return true;
}

/** The name as `/liso start` cleans it: one line, capped between words, with at least a letter or digit. */
export function networkName(typed: string, missingKey: 'network.start.needsName' | 'network.rename.needsName'): string {
  const name = withoutSentenceEnd(truncate(cleanOneLine(typed, MAX_TYPED_NAME), MAX_NETWORK_NAME));
  if (!/[\p{L}\p{N}]/u.test(name)) throw new UserError(missingKey);
  return name;
}

/** Tells the person who gave a name that was too long what the network is called now. */
export async function tellIfShortened(ctx: CommandContext, typed: string, name: string): Promise<void> {
  // Measured whole, with what the core left unread after it: the person hears how long the name they typed was.
  const length = typedLength(cleanOneLine(typed, Number.MAX_SAFE_INTEGER), ctx.unread);
  if (length <= MAX_NETWORK_NAME) return;
  await ctx.reply({ summary: ctx.t.text('network.name.shortened', { length, max: MAX_NETWORK_NAME, name }), blocks: [{ type: 'section', text: ctx.t.rich('network.name.shortened', { length, max: MAX_NETWORK_NAME, name }) }] });
}

/**
 * "Jeugd Leiden." typed as a sentence: the closing mark is no part of the name, which every message
 * repeats. An abbreviation's full stop stays ("Leiden e.o.": its last word has another one inside).
 */
function withoutSentenceEnd(name: string): string {
  const lastWord = name.split(' ').at(-1) ?? '';
  if (/\.$/.test(lastWord) && lastWord.slice(0, -1).includes('.')) return name;
  return name.replace(/\s*[.!,;:]+$/u, '');
}

async function rename(ctx: CommandContext, deps: LifecycleDeps): Promise<void> {
  const network = await managedNetworkOf(ctx, deps.directory);
  const typed = ctx.rest.replace(/^\S+\s*/u, '');
  const name = networkName(typed, 'network.rename.needsName');
  if (name === network.name) throw new UserError('network.rename.same', { name });
  const post = networkAnnouncer(ctx, network, await channelVoice(ctx, network, deps), deps, () => networkAnnouncementKeys.renamed(network.id, ctx.now, network.name, name), (t) => [
    { type: 'section', text: t.rich('network.rename.done', { old: networkTitleCapitalised(t, network.name), name, user: mention(ctx.actor.userId, ctx.actor.displayName) }) },
  ]);
  const renamed = await deps.directory.rename(network, name, post.owed);
  ctx.log.info({ network: network.id }, 'network renamed');
  await post.send(renamed);
  await tellIfShortened(ctx, typed, name);
}

/** Says what closing does and asks to confirm; nothing changes before the press. */
async function askToClose(ctx: CommandContext, deps: LifecycleDeps): Promise<void> {
  const network = await managedNetworkOf(ctx, deps.directory, { closed: 'allow' });
  if (network.closedAt) throw new UserError('network.close.already', { network: network.name, date: deletionDay(network, ctx.t) });
  const nonce = randomBytes(12).toString('base64url');
  await deps.store.set<CloseRequest>(requestKey(nonce), { networkId: network.id, userId: ctx.actor.userId }, REQUEST_MS);
  const upcoming = (await deps.sessions.upcoming(network.id)).length;
  const deleteAt = new Date(ctx.now.getTime() + deps.retentionDays * DAY_MS);
  const titles = { title: networkTitleCapitalised(ctx.t, network.name) };
  const message: Message = {
    summary: ctx.t.text('network.close.title', titles),
    blocks: [
      { type: 'heading', text: ctx.t.text('network.close.title', titles) },
      { type: 'section', text: ctx.t.rich('network.close.what', { sessions: upcoming }) },
      { type: 'section', text: ctx.t.rich('network.close.deletion', { date: formatDate(deleteAt, ctx.lang, network.timeZone), days: deps.retentionDays }) },
      {
        type: 'actions',
        buttons: [
          { actionId: CONFIRM_ACTION, value: nonce, label: ctx.t.text('network.close.confirmButton'), style: 'danger' },
          { actionId: CANCEL_ACTION, value: nonce, label: ctx.t.text('network.close.cancelButton') },
        ],
      },
    ],
  };
  await ctx.reply(message);
}

/** The confirmation buttons: only the lead who asked, while the request is fresh. */
export function closeActions(deps: LifecycleDeps): ActionSpec {
  return {
    prefix: CLOSE_PREFIX,
    async run(ctx) {
      const request = await deps.store.get<CloseRequest>(requestKey(ctx.event.value));
      if (!request) throw new UserError('network.close.expired');
      // Someone else's buttons (a lead's message passed on, a shared screen): theirs to press, and theirs stays open.
      if (request.userId !== ctx.actor.userId) throw new UserError('network.close.notYours');
      if (ctx.event.actionId === CANCEL_ACTION) {
        await deps.store.delete(requestKey(ctx.event.value));
        return answer(ctx, ctx.t.rich('network.close.kept'));
      }
      if (ctx.event.actionId !== CONFIRM_ACTION) throw new UserError('error.staleButton');
      const network = await deps.directory.get(request.networkId);
      if (!network) throw new UserError('network.close.expired');
      if (!(await deps.directory.canManage(network.id, ctx.actor.userId))) throw new UserError('permission.leadsOnly', { network: network.name });
      // Two presses (a double click, two replicas): the one that removes the request closes.
      if (network.closedAt || !(await deps.store.delete(requestKey(ctx.event.value)))) throw new UserError('network.close.expired');
      const closed = await deps.directory.close(network, ctx.now, new Date(ctx.now.getTime() + deps.retentionDays * DAY_MS));
      ctx.log.info({ network: network.id }, 'network closed');
      // From here the state is stored: what follows is repeated by the tick should a crash interrupt it.
      await finishClosing(closed, ctx.now, deps, 'now');
      await answer(ctx, ctx.t.rich('network.close.done', { network: network.name, date: deletionDay(closed, ctx.t) }));
    },
  };
}

/**
 * What closing does beyond the stored state, safe to repeat: every planned session still to
 * come is cancelled (people already reminded of one are told, as for any cancellation), and the
 * closing post goes to the channel once (a deterministic Delivery key).
 */
export async function finishClosing(network: Network, now: Date, deps: LifecycleDeps, lane: 'now' | 'batch'): Promise<void> {
  for (const session of await deps.sessions.list(network.id)) {
    if (session.status === 'planned' && session.startsAt.getTime() > now.getTime()) await deps.sessions.cancel(session);
  }
  const t = deps.translator(await channelLang(deps.people, network, deps.defaultLang));
  const blocks: Block[] = [
    { type: 'section', text: t.rich('network.closed.thanks', { title: networkTitleCapitalised(t, network.name) }) },
    { type: 'section', text: t.rich('network.closed.story') },
    { type: 'section', text: t.rich('network.closed.advice') },
    { type: 'context', text: t.rich('network.closed.deletion', { date: deletionDay(network, t) }) },
  ];
  const post = [closingPostKey(network), { kind: 'channel', platform: network.platform, channelId: network.channelId }, { summary: t.text('network.closed.thanks', { title: networkTitleCapitalised(t, network.name) }), blocks }] as const;
  // The lead who pressed sees it at once; the tick only finishes a close a crash interrupted.
  await (lane === 'now' ? deps.delivery.send(...post) : deps.delivery.enqueue(...post));
}

/** Every minute: finishes closes a crash interrupted (cheap once done: a read and a duplicate key). */
export async function finishClosings(now: Date, deps: LifecycleDeps): Promise<void> {
  for (const network of await deps.directory.getMany(await deps.directory.closedIds())) {
    if (!network?.closedAt || !network.deleteAt || now >= network.deleteAt) continue;
    try {
      await finishClosing(network, now, deps, 'batch');
    } catch (error) {
      deps.log.error({ err: error, network: network.id }, 'finishing a close failed; tried again next tick');
    }
  }
}

async function reopen(ctx: CommandContext, deps: LifecycleDeps): Promise<void> {
  const network = await managedNetworkOf(ctx, deps.directory, { closed: 'allow' });
  if (!network.closedAt) throw new UserError('network.reopen.notClosed', { network: network.name });
  // Its deletion may be under way (the tick takes it up the minute the date has come): too late to undo.
  if (network.deleteAt && ctx.now >= network.deleteAt) throw new UserError('network.reopen.tooLate', { network: network.name });
  const closedAt = network.closedAt;
  const post = networkAnnouncer(ctx, network, await channelVoice(ctx, network, deps), deps, () => networkAnnouncementKeys.reopened(network.id, closedAt), (t) => [
    { type: 'section', text: t.rich('network.reopen.done', { title: networkTitleCapitalised(t, network.name), user: mention(ctx.actor.userId, ctx.actor.displayName) }) },
    { type: 'context', text: t.rich('network.reopen.next') },
  ]);
  const reopened = await deps.directory.reopen(network, post.owed);
  // The deletion knows only the latest close: this close's post (its record keeps the name then) goes now,
  // and one still owed after a crash is not posted after the reopening.
  await deps.delivery.erase([closingPostKey(network)]);
  ctx.log.info({ network: network.id }, 'network reopened');
  await post.send(reopened);
}

/** The day a closed network's data goes, in the network's zone. */
export function deletionDay(network: Network, t: Translator): string {
  return network.deleteAt ? formatDate(network.deleteAt, t.lang, network.timeZone) : '?';
}

async function answer(ctx: InvocationContext<ActionEvent>, text: RichText): Promise<void> {
  const message: Message = { summary: toPlainString(text), blocks: [{ type: 'section', text }] };
  if (ctx.responder.updateSource) await ctx.responder.updateSource(message);
  else await ctx.reply(message);
}
