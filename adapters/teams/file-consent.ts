// Files (.ics, exports) in a personal chat through Teams' file consent flow: ask, upload on "Allow", show the file.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../src/core/logger.ts';
import type { Attachment } from '../../src/core/message.ts';
import type { Store } from '../../src/store/port.ts';
import type { Connector } from './connector.ts';
import { teamsKeys } from './teams-keys.ts';

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';
// A person answers the question within a day or asks again; the file's text is not kept longer.
const PENDING_TTL_MS = 24 * 3_600_000;
const UPLOAD_TIMEOUT_MS = 30_000;

interface PendingFile {
  userId: string;
  filename: string;
  content: string;
}

/** What Teams sends with a `fileConsent/invoke`, read defensively. */
export interface ConsentAnswer {
  action?: unknown;
  context?: unknown;
  uploadInfo?: { uploadUrl?: unknown; contentUrl?: unknown; name?: unknown; uniqueId?: unknown; fileType?: unknown };
}

export class FileOffers {
  constructor(
    private readonly store: Store,
    private readonly connector: Connector,
    private readonly log: Logger,
  ) {}

  /** Sends a consent card for the file into a personal chat; its text waits in the store for the answer. */
  async offer(where: { serviceUrl: string; conversationId: string }, userId: string, attachment: Attachment, description: string): Promise<void> {
    const id = randomBytes(12).toString('base64url');
    const filename = attachment.filename.replace(/[^\w.-]/g, '_').slice(0, 100) || 'bijlage.txt';
    await this.store.set(teamsKeys.pendingFile(id), { userId, filename, content: attachment.content } satisfies PendingFile, PENDING_TTL_MS);
    await this.connector.send(where.serviceUrl, where.conversationId, {
      type: 'message',
      attachments: [
        {
          contentType: FILE_CONSENT_CONTENT_TYPE,
          name: filename,
          content: { description, sizeInBytes: Buffer.byteLength(attachment.content, 'utf8'), acceptContext: { lisoFile: id }, declineContext: { lisoFile: id } },
        },
      ],
    });
  }

  /**
   * The person allowed or declined. Only the person the file was offered to can take it; an
   * unknown, expired or foreign id does nothing. Accepted: the text is uploaded to the URL Teams
   * gave, a file card follows, and the stored text is deleted.
   */
  async answer(answer: ConsentAnswer, actorId: string, where: { serviceUrl: string; conversationId: string }): Promise<'uploaded' | 'declined' | 'ignored'> {
    const id = typeof answer.context === 'object' && answer.context !== null ? (answer.context as { lisoFile?: unknown }).lisoFile : undefined;
    if (typeof id !== 'string' || id.length > 40) return 'ignored';
    const pending = await this.store.get<PendingFile>(teamsKeys.pendingFile(id));
    if (!pending || pending.userId !== actorId) return 'ignored';
    if (answer.action !== 'accept') {
      await this.store.delete(teamsKeys.pendingFile(id));
      return 'declined';
    }
    const info = answer.uploadInfo ?? {};
    const uploadUrl = httpUrl(info.uploadUrl);
    if (!uploadUrl) return 'ignored';
    const body = Buffer.from(pending.content, 'utf8');
    const response = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'content-length': String(body.length), 'content-range': `bytes 0-${body.length - 1}/${body.length}` },
      body,
      signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
    });
    if (!response.ok) {
      this.log.warn({ status: response.status }, 'file upload refused');
      return 'ignored';
    }
    await this.store.delete(teamsKeys.pendingFile(id));
    const name = typeof info.name === 'string' ? info.name.slice(0, 200) : pending.filename;
    await this.connector.send(where.serviceUrl, where.conversationId, {
      type: 'message',
      attachments: [
        {
          contentType: FILE_INFO_CONTENT_TYPE,
          name,
          ...(httpUrl(info.contentUrl) ? { contentUrl: httpUrl(info.contentUrl)! } : {}),
          content: { uniqueId: typeof info.uniqueId === 'string' ? info.uniqueId : '', fileType: typeof info.fileType === 'string' ? info.fileType : '' },
        },
      ],
    });
    return 'uploaded';
  }
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
