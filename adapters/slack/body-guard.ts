// Refuses Slack request bodies that are not a JSON object before Bolt sees them: Bolt reads
// `body.ssl_check` from whatever JSON arrives, and for `null` (validly signed or not) that threw
// inside an async function nobody awaited, which ended the whole process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import { HTTPModuleFunctions, defaultBodyLimit } from '@slack/bolt';
import type { Logger } from '../../src/core/logger.ts';

/** Wraps the receiver's request listener; Bolt then reuses the body read here. */
export function guardRequestBodies(receiver: HTTPReceiver, log: Logger): void {
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    void admit(req, res, log).then((admitted) => {
      if (admitted) boltListener(req, res);
    });
  };
}

async function admit(req: IncomingMessage, res: ServerResponse, log: Logger): Promise<boolean> {
  if (req.method !== 'POST') return true;
  try {
    const buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
    const body: unknown = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) return true;
    log.warn({ kind: body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body }, 'Slack request refused: body is not a JSON object');
  } catch (error) {
    if (HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413) {
      HTTPModuleFunctions.buildNoBodyResponse(res, 413);
      return false;
    }
    // Not JSON (or unreadable): Bolt refuses it with its own answer.
    return true;
  }
  HTTPModuleFunctions.buildNoBodyResponse(res, 400);
  return false;
}
