// Which page of a message sent in pages a press redraws (pure): the page's number in its action_ids,
// its buttons and its lines, as the message changes under the presses of earlier pages too.
import { describe, expect, it } from 'vitest';
import { decodeActionId } from '../../adapters/slack/action-ids.ts';
import type { SlackPayload } from '../../adapters/slack/block-kit-renderer.ts';
import { renderMessage } from '../../adapters/slack/block-kit-renderer.ts';
import { controlsOn, pressedPage } from '../../adapters/slack/pressed-page.ts';
import { DIGEST_TASKS, pagedDigest } from '../fakes/paged-digest.ts';

// Three tasks or so a part: Slack pages by about 12,000 characters.
const digest = (done: ReadonlySet<number>) => pagedDigest(done, 2_800);

const tasksOn = (page: SlackPayload) => [...JSON.stringify(page.blocks).matchAll(/Taak (\d+)/g)].map((m) => Number(m[1]));
const doneButton = (page: SlackPayload, task: number) =>
  page.blocks.flatMap((b) => (b.type === 'actions' ? (b['elements'] as Array<{ action_id: string; value: string }>) : [])).find((e) => decodeActionId(e.action_id) === 'nudge.done' && e.value === `t${task}`)!;

/** Presses a task's button on a page as Slack shows it (blocks sent along, as JSON), and returns the page redrawn. */
function press(page: SlackPayload, task: number, done: Set<number>, withNumber = true): SlackPayload | undefined {
  const blocks = JSON.parse(JSON.stringify(page.blocks)) as unknown[];
  const actionId = doneButton(page, task).action_id;
  done.add(task);
  const pageNumber = withNumber ? Number(/p(\d+)$/.exec(actionId)?.[1]) : undefined;
  return pressedPage(digest(done), { controls: controlsOn(blocks), page: pageNumber, blocks, pressedActionId: actionId }, 3);
}

describe('the page a press redraws', () => {
  it('is the pressed page with its own tasks, to the last one, after the pages before it changed too', () => {
    const done = new Set<number>();
    const pages = renderMessage(digest(done), { maxMessages: 3 });
    expect(pages.length).toBe(3);
    const [first, second] = [tasksOn(pages[0]!), tasksOn(pages[1]!)];
    // The first page loses its tasks' buttons and lines, so the message is paged anew: the second page's number alone no longer says where it begins.
    let page1 = pages[0]!;
    for (const task of first) page1 = press(page1, task, done) ?? page1;
    let page2 = pages[1]!;
    for (const task of second) {
      const redrawn = press(page2, task, done)!;
      expect(tasksOn(redrawn).slice(0, second.length)).toEqual(second);
      expect(JSON.stringify(redrawn.blocks)).not.toContain('Je voorbereiding');
      page2 = redrawn;
    }
    // Every task of the page is done: nothing but its lines is left to find it by.
    expect(page2.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('does not take a handbook button the page shared with a task on another page for the page\'s own', () => {
    const done = new Set<number>();
    const pages = renderMessage(digest(done), { maxMessages: 3 });
    const last = tasksOn(pages[2]!);
    // The other tasks' handbook buttons go first, so the last page's is the only one left; it is the page's, but says nothing.
    for (let i = 0; i < DIGEST_TASKS; i++) if (!last.includes(i)) done.add(i);
    const redrawn = press(pages[2]!, last[0]!, done)!;
    expect(tasksOn(redrawn).slice(0, last.length)).toEqual(last);
  });

  it('keeps a button posted before pages were numbered working as before: found by a button still there, else the first page', () => {
    const done = new Set<number>();
    const pages = renderMessage(digest(done), { maxMessages: 3 });
    const second = tasksOn(pages[1]!);
    const redrawn = press(pages[1]!, second[0]!, done, false)!;
    expect(tasksOn(redrawn).slice(0, second.length)).toEqual(second);
    for (const task of second.slice(1)) done.add(task);
    expect(press(pages[1]!, second.at(-1)!, done, false)).toBeUndefined();
  });
});
