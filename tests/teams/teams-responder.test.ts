// How the answer to a card press is split between the press's own one line and the personal chat.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/message.ts';
import { createLogger } from '../../src/core/logger.ts';
import { loadPrompts } from '../../src/core/prompt-files.ts';
import type { Destination, TeamsAdapter } from '../../adapters/teams/teams-adapter.ts';
import type { Connector } from '../../adapters/teams/connector.ts';
import { TeamsResponder } from '../../adapters/teams/teams-responder.ts';

const prompts = loadPrompts(path.resolve(import.meta.dirname, '../../prompts'));
const line = (text: string): Message => ({ summary: text, blocks: [{ type: 'section', text: [{ type: 'text', text }] }] });

/** A responder for a press in a personal chat, recording what goes to the chat. */
function pressIn(): { responder: TeamsResponder; posted: Message[] } {
  const posted: Message[] = [];
  const here: Destination = { serviceUrl: 'https://smba.example/teams/', conversationId: 'a:personal-1' };
  const adapter = { postTo: async (_to: Destination, message: Message) => void posted.push(message) } as unknown as TeamsAdapter;
  const responder = new TeamsResponder(
    { actor: { userId: '29:1liam', displayName: 'Liam' }, here, personal: true, invoke: true, source: { platform: 'teams', conversationId: 'a:personal-1', messageId: 'm1' } },
    { adapter, connector: {} as Connector, log: createLogger('silent'), translator: async () => prompts.translator('en') },
  );
  return { responder, posted };
}

describe('the answer to a press on Teams', () => {
  it('a one-line notice is the press\'s answer alone', async () => {
    const { responder, posted } = pressIn();
    await responder.forCore().reply(line('You already liked this; it counts once per person.'));
    const { response, afterwards } = responder.invokeResponse();
    expect(response).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'You already liked this; it counts once per person.' });
    expect(afterwards).toBeUndefined();
    expect(posted).toEqual([]);
  });

  it('a notice held back for that line is posted after all when the pressed card is redrawn instead', async () => {
    const { responder, posted } = pressIn();
    const core = responder.forCore();
    await core.reply(line('Saved.'));
    await core.updateSource!(line('The card as it now stands'));
    const { response, afterwards } = responder.invokeResponse();
    expect(response.type).toBe('application/vnd.microsoft.card.adaptive');
    await afterwards;
    expect(posted.map((m) => m.summary)).toEqual(['Saved.']);
  });

  it('anything more than one line of text (buttons, several parts) goes to the chat too', async () => {
    const { responder, posted } = pressIn();
    const question: Message = { summary: 'When do you want to see it again?', blocks: [...line('When do you want to see it again?').blocks, { type: 'actions', buttons: [{ actionId: 'x', value: 'v', label: 'Tomorrow' }] }] };
    await responder.forCore().reply(question);
    expect(responder.invokeResponse().response.value).toBe('When do you want to see it again?');
    expect(posted).toEqual([question]);
  });
});
