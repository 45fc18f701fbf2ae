// A session change told in the network's channel: owed in the same commit as the change, sent right after.
import type { Delivery } from '../../core/delivery.ts';
import type { InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block } from '../../core/message.ts';
import type { People } from '../../domain/people.ts';
import type { AlsoWrite } from '../../domain/session-planner.ts';
import type { Network, Session } from '../../domain/types.ts';
import { announcement, channelVoice } from '../networks/channel-announcement.ts';
import { sessionKeys } from './session-keys.ts';

export interface SessionAnnouncer {
  /** The Delivery writes that owe the announcement, for the planner's commit. */
  owed: AlsoWrite;
  /** Sends it now (once per key: a redo or the queue after a stop sends nothing twice). */
  send(session: Session): Promise<void>;
}

/**
 * `key` names the change (the session, what happened, the moment), so a change made again by a
 * redo meets its own record and a new change gets a new one.
 */
export async function sessionAnnouncer(
  ctx: InvocationContext,
  network: Network,
  deps: { people: People; defaultLang: Lang; delivery: Delivery },
  key: (session: Session) => string,
  build: (t: Translator, lang: Lang, session: Session) => Block[],
): Promise<SessionAnnouncer> {
  const { t, lang } = await channelVoice(ctx, network, deps);
  const of = (session: Session) => {
    const { target, message } = announcement(network, build(t, lang, session));
    return [key(session), target, message] as const;
  };
  return {
    owed: (session) => [...deps.delivery.pendingWrites(...of(session)), { op: 'setAdd', key: sessionKeys.announcements(session.id), members: [key(session)] }],
    async send(session) {
      const outcome = await deps.delivery.send(...of(session));
      ctx.log.info({ network: network.id, session: session.id, outcome: outcome.status }, 'session announced');
      // The change is made either way; the person who made it hears when the channel has not seen it yet.
      const note = outcome.status === 'failed' ? 'session.announce.failed' : outcome.status === 'retrying' || outcome.status === 'queued' ? 'session.announce.later' : undefined;
      if (note) await ctx.reply({ summary: ctx.t.text(note), blocks: [{ type: 'section', text: ctx.t.rich(note) }] });
    },
  };
}
