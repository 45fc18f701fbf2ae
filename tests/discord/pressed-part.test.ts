// Which part of a message sent in parts a press redraws (pure): the part's number in its custom ids,
// its buttons and its lines, as the message changes under the presses of earlier parts too.
import { describe, expect, it } from 'vitest';
import { decodeCustomId } from '../../adapters/discord/custom-ids.ts';
import type { DiscordPayload } from '../../adapters/discord/discord-renderer.ts';
import { renderMessage } from '../../adapters/discord/discord-renderer.ts';
import { pressedPart } from '../../adapters/discord/pressed-part.ts';
import { pagedDigest } from '../fakes/paged-digest.ts';

// Three tasks or so a part: Discord parts by 2,000 characters.
const digest = (done: ReadonlySet<number>) => pagedDigest(done, 560);

const tasksOn = (part: DiscordPayload) => [...String(part.content ?? '').matchAll(/Taak (\d+)/g)].map((m) => Number(m[1]));
const idsOn = (part: DiscordPayload) => part.components.flatMap((row) => row.components.map((c) => c.custom_id));
const doneId = (part: DiscordPayload, task: number) => idsOn(part).find((id) => {
  const decoded = decodeCustomId(id);
  return decoded.kind === 'button' && decoded.actionId === 'nudge.done' && decoded.value === `t${task}`;
})!;

/** Presses a task's button on a part as Discord shows it, and returns the part redrawn, as the responder draws it. */
function press(part: DiscordPayload, task: number, done: Set<number>, withNumber = true): DiscordPayload {
  const pressedId = doneId(part, task);
  const decoded = decodeCustomId(pressedId);
  const number = withNumber && 'part' in decoded ? decoded.part : undefined;
  done.add(task);
  const message = digest(done);
  const place = pressedPart(message, { customIds: idsOn(part), pressedId, content: part.content ?? '', part: number });
  if (place === undefined) return renderMessage(message, { part: false }).payloads[0]!;
  if ('fromBlock' in place) return renderMessage(message, { maxMessages: 2, fromBlock: place.fromBlock, ...(place.toBlock === undefined ? {} : { toBlock: place.toBlock }), part: number ?? false }).payloads[0]!;
  return renderMessage(message, { part: number ?? false }).payloads[place.index]!;
}

describe('the part a press redraws', () => {
  it('is the pressed part with its own tasks, to the last one, after the parts before it changed too', () => {
    const done = new Set<number>();
    const parts = renderMessage(digest(done)).payloads;
    expect(parts.length).toBeGreaterThanOrEqual(3);
    const [first, second] = [tasksOn(parts[0]!), tasksOn(parts[1]!)];
    let part1 = parts[0]!;
    for (const task of first) part1 = press(part1, task, done);
    expect(tasksOn(part1)).toEqual(first);
    let part2 = parts[1]!;
    for (const task of second) {
      part2 = press(part2, task, done);
      // Its own tasks and no other part's, its buttons numbered for it.
      expect(tasksOn(part2)).toEqual(second);
      expect(new Set(idsOn(part2).map((id) => (decodeCustomId(id) as { part?: number }).part))).toEqual(new Set(idsOn(part2).length > 0 ? [2] : []));
    }
    expect(idsOn(part2)).toEqual([]);
  });

  it('keeps a button posted before parts were numbered working as before: found by a button still there, else the first part', () => {
    const done = new Set<number>();
    const parts = renderMessage(digest(done)).payloads;
    const second = tasksOn(parts[1]!);
    expect(tasksOn(press(parts[1]!, second[0]!, done, false))).toEqual(second);
    for (const task of second.slice(1)) done.add(task);
    expect(press(parts[1]!, second.at(-1)!, done, false).content).toMatch(/^### Je voorbereiding/);
  });
});
