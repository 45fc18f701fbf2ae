// Text that is announced rather than looked at: a notification, a lock screen, what a screen reader
// reads for a whole card or a button. An emoji there is read by its name ("party popper"), so it goes.

const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F\u200D\u20E3]/gu;

/** The text without its emoji, on one line. */
export function announced(text: string): string {
  return text.replace(EMOJI, '').replace(/\s+/g, ' ').replace(/\s+([.,;:!?)])/g, '$1').replace(/\(\s*\)/g, '').trim();
}
