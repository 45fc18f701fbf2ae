// The answer to a Slack request the bot cannot handle now because its store is unreachable: within
// Slack's 3 seconds, in words the person sees, never a silent timeout.
import type { AnyMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';

interface RequestBody {
  type?: string;
  command?: string;
  response_url?: string;
  view?: { blocks?: Array<{ type?: string; block_id?: string }> };
}

type Ack = (response?: unknown) => Promise<void>;

/**
 * Acknowledges the request with `text`: a slash command's acknowledgement carries it as a private
 * answer; a button press is acknowledged and answered privately through its response URL; a form
 * stays open with the text under its first field. Events are only acknowledged.
 */
export async function answerBusy(args: AnyMiddlewareArgs, text: string, log: Logger, fetchFn: typeof fetch): Promise<void> {
  const body = args.body as RequestBody;
  const ack = (args as { ack?: Ack }).ack;
  if (!ack) return;
  if (typeof body.command === 'string') {
    await ack({ response_type: 'ephemeral', text });
    return;
  }
  if (body.type === 'view_submission') {
    const field = body.view?.blocks?.find((block) => block.type === 'input' && block.block_id)?.block_id;
    await ack(field ? { response_action: 'errors', errors: { [field]: text } } : undefined);
    return;
  }
  await ack();
  if (body.type === 'block_actions' && body.response_url) {
    try {
      await fetchFn(body.response_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
      });
    } catch (error) {
      log.warn({ err: error }, 'could not tell the person to try again');
    }
  }
}
