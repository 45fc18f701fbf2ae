// The anonymity thresholds in one place: what may be shown after close (ballots are in ballot.ts).

/** The floors the issue sets; configuration may raise them, never lower them. */
export const MIN_RESPONDENTS_FLOOR = 3;
export const MIN_OPEN_ANSWERS_FLOOR = 5;

export interface Thresholds {
  /** Least number of answers before a statement's scores are shown. */
  minRespondents: number;
  /** Least number of open answers before they are shown. */
  minOpenAnswers: number;
}

/** Whether scores based on `answers` answers may be shown. */
export function scoresVisible(answers: number, thresholds: Thresholds): boolean {
  return answers >= Math.max(MIN_RESPONDENTS_FLOOR, thresholds.minRespondents);
}

/** Whether `answers` open answers may be shown. */
export function openAnswersVisible(answers: number, thresholds: Thresholds): boolean {
  return answers >= Math.max(MIN_OPEN_ANSWERS_FLOOR, thresholds.minOpenAnswers);
}
