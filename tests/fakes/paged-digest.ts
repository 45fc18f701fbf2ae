// A digest-like message long enough to go out in parts, to press its tasks one by one (pure tests
// of which part a press redraws, tests/slack/pressed-page.test.ts and tests/discord/pressed-part.test.ts).
import type { Block, Message } from '../../src/core/message.ts';
import { plain } from '../../src/core/rich-text.ts';

export const DIGEST_TASKS = 9;

/**
 * Each open task a line of `lineLength` characters with its own button and the handbook button they
 * all share; a task in `done` one short line without buttons, as a marked task is redrawn.
 */
export function pagedDigest(done: ReadonlySet<number>, lineLength: number): Message {
  const blocks: Block[] = [{ type: 'heading', text: 'Je voorbereiding' }];
  for (let i = 0; i < DIGEST_TASKS; i++) {
    if (done.has(i)) blocks.push({ type: 'section', text: plain(`Taak ${i}: gedaan`) });
    else {
      blocks.push({ type: 'section', text: plain(`Taak ${i}: ${'x'.repeat(lineLength)}`) });
      blocks.push({ type: 'actions', buttons: [{ actionId: 'nudge.done', value: `t${i}`, label: 'Gedaan' }, { actionId: 'advice.topic', value: 'gedeeld', label: 'Handboek' }] });
    }
  }
  return { summary: 'Je voorbereiding', blocks };
}
