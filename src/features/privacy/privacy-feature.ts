// /liso mijn-gegevens and /liso vergeet-mij: what the bot stores about you, and erasing it.
import { createHash, randomBytes } from 'node:crypto';
import type { CommandContext, Feature, InvocationContext } from '../../core/feature.ts';
import type { ActionEvent } from '../../core/events.ts';
import type { Block, Message } from '../../core/message.ts';
import type { RichText } from '../../core/rich-text.ts';
import { toPlainString } from '../../core/rich-text.ts';
import { UserError } from '../../core/user-error.ts';
import type { PersonKeys } from '../../core/person-keys.ts';
import type { ForgetDeps } from './forget-person.ts';
import { FORGET_LEASE_MS, forgetPerson, leadImpacts, recordForgetIntent, resumeForgetting } from './forget-person.ts';
import { collectPersonalData } from './personal-data.ts';
import { FORGET_CANCEL_ACTION, FORGET_CONFIRM_ACTION, LEAD_ACTION, PRIVACY_PREFIX, claimVacantLead } from './privacy-actions.ts';
import { privacyKeys } from './privacy-keys.ts';
import { eraseExpiredNetworks, nextNetworkDeletion } from './network-erasure.ts';
import { HISTORY_KEPT, eraseHistoryIfPossible } from '../../store/erase-history.ts';

// A confirmation button is good for a quarter of an hour; after that the person asks again.
const REQUEST_MS = 15 * 60 * 1000;
// More lines than this and the report is attached whole as a file as well.
const MAX_REPORT_LINES = 60;

export interface PrivacyFeatureDeps extends ForgetDeps {
  personKeys: PersonKeys;
  timeZone: string;
}

// SQLite removes an expired value only when it is read; every hour one replica removes the rest,
// so personal data leaves the file when its expiry says (README, "What is stored").
const PURGE_EVERY_MS = 60 * 60 * 1000;

export function createPrivacyFeature(deps: PrivacyFeatureDeps): Feature {
  return {
    name: 'privacy',
    async tick(now) {
      await resumeForgetting(deps);
      await eraseExpiredNetworks(now, deps);
      const hour = Math.floor(now.getTime() / PURGE_EVERY_MS);
      if (!(await deps.store.claim(privacyKeys.purge(hour), 1, 2 * PURGE_EVERY_MS))) return;
      await deps.store.purgeExpired?.();
      // Once a day the file is rewritten, so no fragment of a purged row outlives it by more than a day.
      const day = now.toISOString().slice(0, 10);
      if (!(await eraseHistoryIfPossible(deps.store, { rewrite: await deps.store.claim(privacyKeys.rewrite(day), 1, 2 * 24 * PURGE_EVERY_MS) }))) {
        deps.log.warn(`store history not erased this hour: ${HISTORY_KEPT}; pulse answers are refused meanwhile`);
      }
    },
    nextDue: (now) => nextNetworkDeletion(now, deps),
    commands: [
      { name: 'mijn-gegevens', aliases: ['my-data', 'mijngegevens'], english: 'my-data', summary: 'privacy.data.summary', usage: 'privacy.data.usage', run: (ctx) => showData(ctx, deps) },
      { name: 'vergeet-mij', aliases: ['forget-me', 'vergeetmij'], english: 'forget-me', summary: 'privacy.forget.summary', usage: 'privacy.forget.usage', run: (ctx) => askToForget(ctx, deps) },
    ],
    actions: [
      {
        prefix: PRIVACY_PREFIX,
        async run(ctx) {
          switch (ctx.event.actionId) {
            case FORGET_CONFIRM_ACTION:
              return confirmForget(ctx, deps);
            case FORGET_CANCEL_ACTION:
              await deps.store.delete(privacyKeys.forgetRequest(deps.personKeys.of(ctx.platform, ctx.actor.userId)));
              return answer(ctx, ctx.t.rich('privacy.forget.kept'));
            case LEAD_ACTION:
              return claimVacantLead(ctx, deps);
            default:
              throw new UserError('error.staleButton');
          }
        },
      },
    ],
  };
}

async function showData(ctx: CommandContext, deps: PrivacyFeatureDeps): Promise<void> {
  const person = { platform: ctx.platform, userId: ctx.actor.userId };
  const sections = await collectPersonalData(person, ctx.t, deps);
  const blocks: Block[] = [{ type: 'heading', text: ctx.t.text('privacy.data.title') }];
  for (const section of sections) {
    blocks.push(
      { type: 'section', text: [{ type: 'text', text: section.title, style: 'bold' }] },
      { type: 'list', items: section.lines.map((line): RichText => [{ type: 'text', text: line }]) },
    );
  }
  blocks.push({ type: 'context', text: ctx.t.rich('privacy.data.anonymous') }, { type: 'context', text: ctx.t.rich('privacy.data.howToForget') });
  // A long report does not fit the platforms' messages (Discord stops at five): all of it then comes as a file too.
  const lineCount = sections.reduce((sum, section) => sum + 1 + section.lines.length, 0);
  if (lineCount <= MAX_REPORT_LINES) {
    await ctx.reply({ summary: ctx.t.text('privacy.data.title'), blocks });
    return;
  }
  const filename = ctx.t.text('privacy.data.filename');
  const content = [ctx.t.text('privacy.data.title'), ...sections.flatMap((section) => ['', section.title, ...section.lines.map((line) => `- ${line}`)])].join('\n');
  await ctx.reply({
    summary: ctx.t.text('privacy.data.title'),
    blocks: [blocks[0]!, { type: 'section', text: ctx.t.rich('privacy.data.inFile', { filename, count: lineCount }) }, ...blocks.slice(1)],
    attachments: [{ filename, mimeType: 'text/plain', content: `${content}\n` }],
  });
}

/** Says what will happen (including to networks that would lose their lead) and asks to confirm. */
async function askToForget(ctx: CommandContext, deps: PrivacyFeatureDeps): Promise<void> {
  const person = { platform: ctx.platform, userId: ctx.actor.userId };
  const key = deps.personKeys.of(ctx.platform, ctx.actor.userId);
  const nonce = `${randomBytes(12).toString('base64url')}.${ownerTag(key)}`;
  await deps.store.set(privacyKeys.forgetRequest(key), nonce, REQUEST_MS);
  const networks = (await deps.directory.ofPerson(ctx.platform, ctx.actor.userId)).filter((n) => n.platform === ctx.platform);
  const warnings: Block[] = (await leadImpacts(person, deps.directory)).flatMap((impact): Block[] => {
    if (impact.kind === 'none') return [];
    const key = impact.kind === 'trekkerGone' ? 'privacy.forget.warnTrekker' : 'privacy.forget.warnNoLead';
    return [{ type: 'section', text: ctx.t.rich(key, { network: impact.network.name }) }];
  });
  const message: Message = {
    summary: ctx.t.text('privacy.forget.title'),
    blocks: [
      { type: 'heading', text: ctx.t.text('privacy.forget.title') },
      { type: 'section', text: networks.length > 0 ? ctx.t.rich('privacy.forget.what', { networks: networks.map((n) => n.name).join(', ') }) : ctx.t.rich('privacy.forget.whatNoRoles') },
      ...warnings,
      { type: 'context', text: ctx.t.rich('privacy.forget.stays') },
      {
        type: 'actions',
        buttons: [
          { actionId: FORGET_CONFIRM_ACTION, value: nonce, label: ctx.t.text('privacy.forget.confirmButton'), style: 'danger' },
          { actionId: FORGET_CANCEL_ACTION, value: 'keep', label: ctx.t.text('privacy.forget.cancelButton') },
        ],
      },
    ],
  };
  await ctx.reply(message);
}

async function confirmForget(ctx: InvocationContext<ActionEvent>, deps: PrivacyFeatureDeps): Promise<void> {
  const requestKey = privacyKeys.forgetRequest(deps.personKeys.of(ctx.platform, ctx.actor.userId));
  const expected = await deps.store.get<string>(requestKey);
  const key = deps.personKeys.of(ctx.platform, ctx.actor.userId);
  // The button only erases the person who asked, and only while their request is fresh; someone else pressing it
  // hears it is not theirs (not to ask again: that would erase them).
  if (expected === undefined || expected !== ctx.event.value) throw new UserError(isSomeoneElses(ctx.event.value, key) ? 'privacy.forget.notYours' : 'privacy.forget.expired');
  const person = { platform: ctx.platform, userId: ctx.actor.userId };
  // Read before the erasure: the confirmation names roles only to someone who had one, as the question did.
  const hadRoles = (await deps.directory.ofPerson(ctx.platform, ctx.actor.userId)).some((n) => n.platform === ctx.platform);
  // Leased before the intent exists, so the tick never takes up an erasure this press is running.
  await deps.store.claim(privacyKeys.forgetLease(key), 1, FORGET_LEASE_MS);
  if (!(await deps.store.delete(requestKey))) throw new UserError('privacy.forget.expired');
  // A crash before this line has erased nothing yet; from here on the tick finishes what a crash interrupts.
  await forgetPerson(await recordForgetIntent(key, person, ctx.event.value, ctx.now, deps), deps);
  await answer(ctx, ctx.t.rich(hadRoles ? 'privacy.forget.done' : 'privacy.forget.doneNoRoles'));
}

async function answer(ctx: InvocationContext<ActionEvent>, text: RichText): Promise<void> {
  const message: Message = { summary: toPlainString(text), blocks: [{ type: 'section', text }] };
  if (ctx.responder.updateSource) await ctx.responder.updateSource(message);
  else await ctx.reply(message);
}

/** Whose request a confirmation button is: a short hash of their person key, after the nonce. */
function ownerTag(personKey: string): string {
  return createHash('sha256').update(personKey).digest('base64url').slice(0, 8);
}

/** A confirmation button another person asked for (one without a tag, made before tags, cannot tell). */
function isSomeoneElses(value: string, personKey: string): boolean {
  const tag = value.split('.')[1];
  return tag !== undefined && tag !== ownerTag(personKey);
}
