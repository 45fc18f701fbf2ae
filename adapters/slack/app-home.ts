// Publishes a person's App Home: the core's neutral home view rendered as a Slack home tab.
import type { Bot } from '../../src/core/bot.ts';
import { LIMITS, renderMessage } from './block-kit-renderer.ts';
import { SLACK_PLATFORM } from './event-translation.ts';
import type { SlackWebClient } from './slack-adapter.ts';
import { slackCall } from './slack-adapter.ts';

// A home tab holds up to 100 blocks and far more text than a message.
const HOME_CHARS = 100_000;

export async function publishHome(client: SlackWebClient, bot: Bot, userId: string): Promise<void> {
  const home = await bot.home(SLACK_PLATFORM, userId);
  const [page] = renderMessage(home, { maxBlocks: LIMITS.blocksPerView, maxChars: HOME_CHARS });
  await slackCall(() => client.views.publish({ user_id: userId, view: { type: 'home', blocks: page!.blocks as never } }));
}
