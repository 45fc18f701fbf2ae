// The wins feature's part of a person's home view and of their privacy requests.
import type { PersonRef, PersonalDataSection } from '../../core/feature.ts';
import type { Translator } from '../../core/i18n.ts';
import type { Block } from '../../core/message.ts';
import { shownNames } from './shown-names.ts';
import type { WinsContext } from './wins-deps.ts';
import { peopleIn, winRichText } from './win-text.ts';
import { formatDate } from '../../core/i18n.ts';
import { winLine } from './wins-period.ts';

/** Wins shown per network on the home view. */
export const HOME_RECENT_WINS = 3;

export async function winsHomeBlocks(deps: WinsContext, person: PersonRef, t: Translator): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const network of await deps.directory.ofPerson(person.platform, person.userId)) {
    if (network.platform !== person.platform) continue;
    const recent = (await deps.book.ofNetwork(network.id)).slice(-HOME_RECENT_WINS).reverse();
    if (recent.length === 0) continue;
    const names = await shownNames(deps.book, deps.people, network.platform, peopleIn(recent));
    blocks.push(
      { type: 'context', text: t.rich('wins.home.title', { network: network.name }) },
      { type: 'list', items: recent.map((win) => winLine(win, names, network.timeZone, t)) },
    );
  }
  return blocks;
}

export async function winsPersonalData(deps: WinsContext, person: PersonRef, t: Translator): Promise<PersonalDataSection[]> {
  const wins = await deps.book.ofPerson(person.platform, person.userId);
  const optedOut = await deps.book.isOptedOut(person.platform, person.userId);
  if (wins.length === 0 && !optedOut) return [];
  const names = await shownNames(deps.book, deps.people, person.platform, peopleIn(wins));
  const cheered = new Set<string>();
  for (const win of wins) if ((await deps.book.cheerers(win.id)).includes(person.userId)) cheered.add(win.id);
  const lines: string[] = [t.text(optedOut ? 'wins.privacy.optedOut' : 'wins.privacy.named')];
  const zones = new Map<string, string>();
  for (const win of wins) {
    if (!zones.has(win.networkId)) zones.set(win.networkId, (await deps.directory.get(win.networkId))?.timeZone ?? 'UTC');
    const vars = { date: formatDate(win.createdAt, t.lang, zones.get(win.networkId)!), win: winRichText(win.parts, names, t) };
    if (win.authorId === person.userId) lines.push(t.text('wins.privacy.authored', vars));
    else if (win.credited.includes(person.userId)) lines.push(t.text('wins.privacy.credited', vars));
  }
  if (cheered.size > 0) lines.push(t.text(cheered.size === 1 ? 'wins.privacy.cheeredOne' : 'wins.privacy.cheered', { count: cheered.size }));
  return [{ title: t.text('wins.privacy.title'), lines }];
}
