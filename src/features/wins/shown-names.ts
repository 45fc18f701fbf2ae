// Looks up the names the wins feature may show: display names of people who did not opt out.
import type { People } from '../../domain/people.ts';
import type { WinBook } from './win-book.ts';
import type { ShownNames } from './win-text.ts';

export async function shownNames(book: WinBook, people: People, platform: string, userIds: readonly string[]): Promise<ShownNames> {
  const optedOut = await book.optedOut(platform, userIds);
  const names = new Map<string, string>();
  for (const id of new Set(userIds)) {
    if (!optedOut.has(id)) names.set(id, await people.displayName(platform, id));
  }
  return names;
}
