// What a screen reader or a lock screen makes of the bot's texts, shared by the platforms' screen-reader tests.

/**
 * Characters a screen reader reads out by their Unicode name: block and box drawing ("full block",
 * "box drawings light horizontal"), arrows, check marks, plus-minus and the minus sign.
 */
export const READ_BY_NAME = /[\u2500-\u259F\u2190-\u21FF\u2713\u2714\u00B1\u2212]/u;

const EMOJI = /\p{Extended_Pictographic}/u;

/** What is wrong with a text that is announced (a notification, a spoken summary, a button's label for assistive technology). */
export function announcedProblems(text: string | undefined): string[] {
  const problems: string[] = [];
  const value = (text ?? '').trim();
  if (value === '' || value === '…' || /^liso-bot$/i.test(value)) problems.push(`empty or generic: ${JSON.stringify(text)}`);
  if (READ_BY_NAME.test(value)) problems.push(`read by name: ${JSON.stringify(value.match(READ_BY_NAME)![0])} in ${JSON.stringify(value)}`);
  if (EMOJI.test(value)) problems.push(`emoji read by name in ${JSON.stringify(value)}`);
  return problems;
}

/** A visible button label a screen reader cannot make sense of on its own: a bare number, an emoji, a check mark. */
export function needsSpokenLabel(label: string): boolean {
  return /^\s*\d+\s*(✓)?\s*$/u.test(label) || EMOJI.test(label) || READ_BY_NAME.test(label) || /\(\d+\)/.test(label);
}

/** A pulse result's change in words (Dutch): how much higher or lower than last time, and last time's mean. */
export const CHANGE_IN_WORDS = /(\d+,\d (hoger|lager) dan|gelijk aan) de vorige keer \(\d,\d\)/;
