// Bot Connector clients of the Teams SDK, one per serviceUrl, all sending with the bot's own token.
import { Client as ApiClient } from '@microsoft/teams.api';
import type { AdaptiveCard } from './card-renderer.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './card-renderer.ts';
import { classified } from './teams-errors.ts';

/** A Bot Connector call that hangs is a failure to retry later, not a stuck tick. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface OutgoingActivity {
  type: 'message';
  summary?: string;
  text?: string;
  attachments: Array<{ contentType: string; content: unknown; name?: string; contentUrl?: string }>;
}

/** Opens connections to the serviceUrls Teams names; every failure comes back classified. */
export class Connector {
  private readonly clients = new Map<string, ApiClient>();

  constructor(private readonly token: () => Promise<string>) {}

  /** The SDK's API client for a serviceUrl (the one the conversation's activities came from). */
  api(serviceUrl: string): ApiClient {
    const base = serviceUrl.replace(/\/+$/, '');
    let client = this.clients.get(base);
    if (!client) {
      client = new ApiClient(base, { token: () => this.token(), timeout: REQUEST_TIMEOUT_MS });
      this.clients.set(base, client);
    }
    return client;
  }

  async send(serviceUrl: string, conversationId: string, activity: OutgoingActivity): Promise<string> {
    const sent = await classified(() => this.api(serviceUrl).conversations.createActivity(conversationId, activity as never));
    return sent.id;
  }

  async update(serviceUrl: string, conversationId: string, activityId: string, activity: OutgoingActivity): Promise<void> {
    await classified(() => this.api(serviceUrl).conversations.updateActivity(conversationId, activityId, activity as never));
  }

  async delete(serviceUrl: string, conversationId: string, activityId: string): Promise<void> {
    await classified(() => this.api(serviceUrl).conversations.deleteActivity(conversationId, activityId));
  }

  /** One page of a conversation's roster (GET …/pagedmembers); the last page has no continuation token. */
  async pagedMembers(serviceUrl: string, conversationId: string, pageSize: number, continuationToken?: string): Promise<{ members: Array<{ id?: string }>; continuationToken?: string }> {
    return classified(() => this.api(serviceUrl).conversations.getPagedMembers(conversationId, pageSize, continuationToken));
  }

  /** Opens the personal chat of the bot with a person of the tenant; Teams refuses (403) when the app is not installed for them. */
  async createPersonalConversation(serviceUrl: string, userId: string, tenantId: string): Promise<string> {
    const created = await classified(() =>
      this.api(serviceUrl).conversations.create({ members: [{ id: userId, role: 'user', name: '' }], tenantId, channelData: { tenant: { id: tenantId } } } as never),
    );
    return created.id;
  }
}

/** An Adaptive Card as a message activity. */
export function cardActivity(card: AdaptiveCard, summary: string): OutgoingActivity {
  return { type: 'message', summary, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
}
