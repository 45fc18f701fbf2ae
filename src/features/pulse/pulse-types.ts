// Records of the pulse feature, as stored. None of them holds a user id next to an answer.

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

/** Counts of each score 1..5, at index score-1. */
export type Tally = [number, number, number, number, number];

export interface PulseRecord {
  id: string;
  networkId: string;
  platform: string;
  /** The session the pulse was started for, when there is one. */
  sessionId?: string;
  startedAt: Date;
  reminderAt: Date;
  closesAt: Date;
  /** Statement ids asked, in order (the network's active questions when it started). */
  questionIds: string[];
  /** Whether the open question was asked. */
  openQuestion: boolean;
  invited: number;
}

/** A pulse with the state its flags give it. */
export interface PulseState {
  pulse: PulseRecord;
  invitesSent: boolean;
  remindersSent: boolean;
  /** No more answers are taken. */
  closing: boolean;
  /** Every close step (aggregate, erase raw answers, event, results) is done. */
  finished: boolean;
}

/** One statement's part of a closed pulse. */
export interface QuestionResult {
  /** This pulse's own answers, never shown apart when pooled. */
  own: Tally;
  /** What is shown: own plus everything carried from earlier pulses; absent when below the threshold. */
  shown?: Tally;
  /** Earlier pulse ids whose answers are included in `shown`. */
  pooledFrom: string[];
}

export interface OpenResult {
  /** How many open answers this pulse received. */
  ownCount: number;
  /** The answers shown (this pulse's plus carried ones), sorted so their order reveals nothing. */
  shown?: string[];
  pooledFrom: string[];
}

/** The anonymous aggregate of a closed pulse. */
export interface PulseResult {
  pulseId: string;
  networkId: string;
  invited: number;
  respondents: number;
  questions: Record<string, QuestionResult>;
  open?: OpenResult;
  closedAt: Date;
  /** The network's carry after this pulse, so a close interrupted after this write is not pooled twice. */
  carryAfter: PulseCarry;
}

/** Anonymous answers of pulses that stayed below a threshold, pooled into the next pulse. */
export interface PulseCarry {
  questions: Record<string, { tally: Tally; pulses: string[] }>;
  open: { answers: string[]; pulses: string[] };
}

export interface PulseSettings {
  /** Statement ids (and "open" for the open question) the network switched off. */
  disabled: string[];
  /** Whether results are also posted in the network channel. */
  resultsInChannel: boolean;
}

export const OPEN_QUESTION_ID = 'open';
