// Helpers for the wins tests: a network with people in every relevant role, and button presses.
import type { ActionEvent, CommandEvent, MentionedUser } from '../../src/core/events.ts';
import type { Message } from '../../src/core/message.ts';
import { messageToPlainText } from '../../src/core/message.ts';
import type { Sent } from '../fakes/recording-adapter.ts';
import type { TestApp } from '../fakes/test-app.ts';

export const CHANNEL = 'kanaal-1';

/** Anna (trekker) starts "Jeugd" in kanaal-1; Bram procesbegeleider, Sanne and Ahmed deelnemer, Carla communicatieadviseur. */
export async function startNetwork(t: TestApp, channel = CHANNEL): Promise<string> {
  await t.command('anna', 'start Jeugd', channel);
  await t.command('anna', 'rol procesbegeleider <@bram>', channel);
  await t.command('anna', 'rol deelnemer <@sanne> <@ahmed>', channel);
  await t.command('anna', 'rol communicatieadviseur <@carla>', channel);
  const network = await t.app.directory.byChannel('test', channel);
  if (!network) throw new Error('network not created');
  t.adapter.take();
  return network.id;
}

/** Presses a button as `user`; updates of the source message are recorded as kind 'update'. */
export async function press(t: TestApp, user: string, actionId: string, value: string, channel = CHANNEL): Promise<void> {
  const event: ActionEvent = {
    type: 'action',
    platform: 'test',
    actor: { userId: user, displayName: user.charAt(0).toUpperCase() + user.slice(1) },
    conversation: { kind: 'channel', id: channel },
    actionId,
    value,
  };
  const responder = {
    ...t.adapter.responder(user),
    updateSource: async (message: Message) => {
      t.adapter.sent.push({ kind: 'update', to: 'source', message, text: messageToPlainText(message) });
    },
  };
  await t.app.bot.handle(event, responder);
}

/** A command event built by hand: exact text, exact resolved mentions, optional platform event id. */
export function commandEvent(user: string, text: string, mentions: MentionedUser[], eventId?: string, channel = CHANNEL): CommandEvent {
  return {
    type: 'command',
    platform: 'test',
    actor: { userId: user, displayName: user.charAt(0).toUpperCase() + user.slice(1) },
    conversation: { kind: 'channel', id: channel },
    text,
    mentions,
    ...(eventId ? { eventId } : {}),
  };
}

export function channelPosts(sent: Sent[]): Sent[] {
  return sent.filter((s) => s.kind === 'channel');
}

/** The cheer button of a celebration message. */
export function cheerButton(message: Message): { actionId: string; value: string; label: string } {
  for (const block of message.blocks) {
    if (block.type === 'actions') {
      const button = block.buttons.find((b) => b.actionId === 'wins.cheer');
      if (button) return button;
    }
  }
  throw new Error('no cheer button');
}

