// Which part of a message sent in parts a press came from, so a redraw edits that part only.
import { decodeCustomId } from './custom-ids.ts';
import type { DiscordPayload } from './discord-renderer.ts';
import { customIdsOf } from './discord-renderer.ts';

/**
 * The part of a redrawn message that stands in for the pressed one: the part holding a button the
 * pressed message held that the message holds only once. A button that comes again (each session's
 * "Start de pulse", every task's handbook button) is numbered by its place, and that number moves
 * when an earlier one goes, so it says nothing about where a part is. Undefined when none is found.
 */
export function pressedPart(payloads: readonly DiscordPayload[], pressedIds: readonly string[]): DiscordPayload | undefined {
  const counts = new Map<string, number>();
  for (const id of payloads.flatMap(customIdsOf)) counts.set(sameButton(id), (counts.get(sameButton(id)) ?? 0) + 1);
  const telling = new Set(pressedIds.filter((id) => id === sameButton(id) && counts.get(id) === 1));
  return payloads.find((payload) => customIdsOf(payload).some((id) => telling.has(id)));
}

/** A button's custom id without its occurrence number: `b3:advice.topic|x` is `b:advice.topic|x`. */
function sameButton(customId: string): string {
  const decoded = decodeCustomId(customId);
  return decoded.kind === 'button' ? `b:${decoded.actionId}|${decoded.value}` : customId;
}
