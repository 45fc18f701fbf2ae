// Pulse ballots: a random token per invitation that only its buttons carry, and the ballot id the
// store keeps instead of anything that names the person.
import { createHash, randomBytes } from 'node:crypto';
import type { Message } from '../../core/message.ts';

/** Stands in for the token in a stored invitation; filled in just before each send. */
export const BALLOT_PLACEHOLDER = '~ballot~';

const TOKEN_BYTES = 16;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;
const PULSE_ID_PATTERN = /^[a-f0-9]{8}$/;

/** A pulse and the token of one invitation to it, as its buttons carry them (`<pulse>:<token>`). */
export interface BallotRef {
  pulseId: string;
  token: string;
}

/** A fresh token: 128 random bits, never stored, known only to the invitation it is sent in. */
export function newBallotToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The id the answers are stored under. It binds the token to the pulse and to the person it was
 * sent to, so a token is worthless to anyone else and in any other pulse; without the token (which
 * no store, record or log holds) nobody can compute it from a person's id, so a full copy of the
 * store cannot tell whose ballot it is.
 */
export function ballotId(pulseId: string, platform: string, userId: string, token: string): string {
  return createHash('sha256').update(`liso-ballot\u0000${pulseId}\u0000${platform}\u0000${userId}\u0000${token}`).digest('base64url').slice(0, 22);
}

export function ballotRef(ref: BallotRef): string {
  return `${ref.pulseId}:${ref.token}`;
}

/** Reads `<pulse>:<token>` from the start of `parts`; undefined unless both are well formed. */
export function parseBallotRef(parts: readonly string[]): BallotRef | undefined {
  const [pulseId = '', token = ''] = parts;
  return PULSE_ID_PATTERN.test(pulseId) && TOKEN_PATTERN.test(token) ? { pulseId, token } : undefined;
}

export function isPulseId(text: string): boolean {
  return PULSE_ID_PATTERN.test(text);
}

export function hasBallotPlaceholder(message: Message): boolean {
  return message.blocks.some((block) => block.type === 'actions' && block.buttons.some((button) => button.value.includes(BALLOT_PLACEHOLDER)));
}

/** The message with the token in place of every placeholder in its button values. */
export function withBallotToken(message: Message, token: string): Message {
  return {
    ...message,
    blocks: message.blocks.map((block) =>
      block.type === 'actions' ? { ...block, buttons: block.buttons.map((button) => ({ ...button, value: button.value.replaceAll(BALLOT_PLACEHOLDER, token) })) } : block,
    ),
  };
}
