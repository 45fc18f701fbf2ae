// A session change told in the network's channel: owed in the same commit as the change, sent right after.
import type { InvocationContext } from '../../core/feature.ts';
import type { Lang, Translator } from '../../core/i18n.ts';
import type { Block } from '../../core/message.ts';
import type { People } from '../../domain/people.ts';
import type { Network, Session } from '../../domain/types.ts';
import type { AnnouncerDeps, ChannelAnnouncer } from '../networks/channel-announcement.ts';
import { channelAnnouncer, channelVoice } from '../networks/channel-announcement.ts';
import { sessionKeys } from './session-keys.ts';

export type SessionAnnouncer = ChannelAnnouncer<Session>;

/**
 * `key` names the change (the session, what happened, the moment), so a change made again by a
 * redo meets its own record and a new change gets a new one. The key is listed per session.
 */
export async function sessionAnnouncer(
  ctx: InvocationContext,
  network: Network,
  deps: AnnouncerDeps & { people: People; defaultLang: Lang },
  key: (session: Session) => string,
  build: (t: Translator, lang: Lang, session: Session) => Block[],
): Promise<SessionAnnouncer> {
  return channelAnnouncer(ctx, network, await channelVoice(ctx, network, deps), deps, { key, index: (session) => sessionKeys.announcements(session.id), build });
}
