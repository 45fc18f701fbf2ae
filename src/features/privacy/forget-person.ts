// Erases a person (`/liso vergeet-mij`): roles, every feature's data, their record; and makes sure
// no network is left without a lead unnoticed.
import type { Bot } from '../../core/bot.ts';
import type { Delivery } from '../../core/delivery.ts';
import type { DomainEvents } from '../../core/domain-events.ts';
import type { PersonRef } from '../../core/feature.ts';
import type { Lang } from '../../core/i18n.ts';
import type { Logger } from '../../core/logger.ts';
import type { PromptCatalog } from '../../core/prompt-files.ts';
import type { RichText } from '../../core/rich-text.ts';
import { joinAsList, mention, toPlainString } from '../../core/rich-text.ts';
import type { NetworkDirectory } from '../../domain/network-directory.ts';
import type { SessionPlanner } from '../../domain/session-planner.ts';
import type { Store } from '../../store/port.ts';
import { HISTORY_KEPT, eraseHistoryIfPossible } from '../../store/erase-history.ts';
import type { People } from '../../domain/people.ts';
import type { Network } from '../../domain/types.ts';
import { LEAD_ACTION } from './privacy-actions.ts';
import { privacyDeliveryKeys, privacyKeys } from './privacy-keys.ts';

export interface ForgetDeps {
  bot: Bot;
  store: Store;
  people: People;
  directory: NetworkDirectory;
  sessions: SessionPlanner;
  events: DomainEvents;
  delivery: Delivery;
  prompts: PromptCatalog;
  defaultLang: Lang;
  log: Logger;
}

/** What erasing a person does to a network's leadership. */
export type LeadImpact =
  | { kind: 'none' }
  /** They are the only trekker; a procesbegeleider remains who can appoint a new one. */
  | { kind: 'trekkerGone'; network: Network; procesbegeleiders: string[] }
  /** They are the network's only lead; the network's members may claim the trekker role. */
  | { kind: 'noLeadLeft'; network: Network };

export async function leadImpacts(person: PersonRef, directory: NetworkDirectory): Promise<LeadImpact[]> {
  const impacts: LeadImpact[] = [];
  for (const network of await directory.ofPerson(person.platform, person.userId)) {
    if (network.platform !== person.platform) continue;
    const others = (await directory.assignments(network.id)).filter((a) => a.userId !== person.userId);
    const roles = await directory.rolesOf(network.id, person.userId);
    const otherTrekkers = others.filter((a) => a.role === 'trekker');
    const otherBegeleiders = [...new Set(others.filter((a) => a.role === 'procesbegeleider').map((a) => a.userId))];
    if (!roles.includes('trekker') || otherTrekkers.length > 0) continue;
    impacts.push(otherBegeleiders.length > 0 ? { kind: 'trekkerGone', network, procesbegeleiders: otherBegeleiders } : { kind: 'noLeadLeft', network });
  }
  return impacts;
}

/** A confirmed erasure, as recorded before any of it happens. */
export interface ForgetIntent {
  /** The person key of `person` (store keys of the intent). */
  key: string;
  person: PersonRef;
  /** The confirmation's nonce: keys of the notices the erasure sends, so a rerun sends none twice. */
  nonce: string;
  at: Date;
  /** Read before their roles go, so a rerun after a crash still tells the networks that lost a lead. */
  impacts: LeadImpact[];
}

/**
 * Records a confirmed erasure durably before any of it happens: a crash (kill -9) midway would
 * otherwise leave the person half erased, with their confirmation used up and nobody told.
 */
export async function recordForgetIntent(key: string, person: PersonRef, nonce: string, now: Date, deps: ForgetDeps): Promise<ForgetIntent> {
  const intent: ForgetIntent = { key, person, nonce, at: now, impacts: await leadImpacts(person, deps.directory) };
  await deps.store.commit([{ op: 'set', key: privacyKeys.forgetPending(key), value: intent }, { op: 'setAdd', key: privacyKeys.forgetPendingAll, members: [key] }]);
  return intent;
}

/** Finishes erasures a crash interrupted; each runs in one process at a time (a lease). */
export async function resumeForgetting(deps: ForgetDeps): Promise<void> {
  for (const key of await deps.store.setMembers(privacyKeys.forgetPendingAll)) {
    if (!(await deps.store.claim(privacyKeys.forgetLease(key), 1, FORGET_LEASE_MS))) continue;
    const intent = await deps.store.get<ForgetIntent>(privacyKeys.forgetPending(key));
    if (!intent) {
      await deps.store.setRemove(privacyKeys.forgetPendingAll, [key]);
      continue;
    }
    deps.log.info({ platform: intent.person.platform }, 'finishing an erasure a stop interrupted');
    await forgetPerson(intent, deps);
  }
}

/** Longer than an erasure takes; after a crash its intent is taken up again once this has passed. */
export const FORGET_LEASE_MS = 2 * 60 * 1000;

/**
 * The erasure. Order matters: lead impacts are read before roles go; features forget before the
 * event, so a listener sees a consistent state; the person record goes last, because the press
 * that confirmed the erasure recorded it again; the store's history is erased after all of it,
 * so the file keeps no earlier version of what was erased.
 */
export async function forgetPerson(intent: ForgetIntent, deps: ForgetDeps): Promise<void> {
  const { person, nonce, at: now, impacts } = intent;
  for (const network of await deps.directory.ofPerson(person.platform, person.userId)) {
    for (const role of await deps.directory.rolesOf(network.id, person.userId)) await deps.directory.unassign(network, role, person.userId);
  }
  // A stop under an older release could leave a network in their index without a role there.
  await deps.directory.forgetIndex(person.platform, person.userId);
  // Networks started and sessions planned keep no creator: the id goes from every one of them.
  const networks = (await deps.directory.all()).filter((n) => n.platform === person.platform);
  await deps.directory.forgetCreator(person.platform, person.userId);
  await deps.sessions.forgetCreator(networks.map((n) => n.id), person.userId);
  let complete = true;
  for (const feature of deps.bot.features()) {
    if (!feature.forgetPerson) continue;
    try {
      await feature.forgetPerson(person);
    } catch (error) {
      complete = false;
      deps.log.error({ err: error, feature: feature.name }, 'forgetting a person failed in a feature; the privacy tick tries again');
    }
  }
  await deps.events.emit({ type: 'person.forgotten', platform: person.platform, userId: person.userId, request: nonce, at: now });
  await deps.people.forget(person.platform, person.userId);
  for (const impact of impacts) await announceVacancy(impact, nonce, deps);
  // Done: the intent and its lease go too (they name the person), before the history is erased below.
  if (complete) {
    await deps.store.commit([
      { op: 'delete', key: privacyKeys.forgetPending(intent.key) },
      { op: 'setRemove', key: privacyKeys.forgetPendingAll, members: [intent.key] },
      { op: 'delete', key: privacyKeys.forgetLease(intent.key) },
    ]);
  }
  await deps.store.purgeExpired?.();
  // Everything is erased from the store; a reader holding SQLite's log keeps the erased rows in
  // the file until the privacy feature's hourly erasure gets through, which the operator is told.
  if (await eraseHistoryIfPossible(deps.store, { rewrite: true })) deps.log.info({ platform: person.platform }, 'person forgotten');
  else deps.log.warn({ platform: person.platform }, `person forgotten, but ${HISTORY_KEPT}`);
}

/** Tells the network, without naming the person who left, what to do now. */
async function announceVacancy(impact: LeadImpact, nonce: string, deps: ForgetDeps): Promise<void> {
  if (impact.kind === 'none') return;
  const { network } = impact;
  const t = deps.prompts.translator(deps.defaultLang);
  let text: RichText;
  let withButton = false;
  if (impact.kind === 'trekkerGone') {
    const names = await Promise.all(impact.procesbegeleiders.map(async (id) => [mention(id, await deps.people.displayName(network.platform, id))] as RichText));
    text = t.rich('privacy.vacancy.trekkerGone', { network: network.name, begeleiders: joinAsList(names, t.text('list.and')) });
  } else {
    text = t.rich('privacy.vacancy.noLead', { network: network.name });
    withButton = true;
  }
  await deps.delivery.send(
    privacyDeliveryKeys.trekkerLeft(network.id, nonce),
    { kind: 'channel', platform: network.platform, channelId: network.channelId },
    {
      summary: toPlainString(text),
      blocks: [
        { type: 'section', text },
        ...(withButton ? [{ type: 'actions' as const, buttons: [{ actionId: LEAD_ACTION, value: network.id, label: t.text('privacy.vacancy.claimButton') }] }] : []),
      ],
    },
  );
}
