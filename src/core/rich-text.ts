// Platform-neutral inline text: literal text spans, intended mentions and links.

/**
 * One span of inline text. `text` is always literal: adapters escape it for their platform, so a
 * user's "<!channel>" or "@everyone" can never become markup. A mention is only ever built by
 * the core from a known user id.
 */
export type Inline =
  | { type: 'text'; text: string; style?: 'bold' | 'italic' | 'code' }
  | { type: 'mention'; userId: string; fallback: string }
  | { type: 'link'; url: string; label: string };

export type RichText = Inline[];

export function plain(text: string): RichText {
  return [{ type: 'text', text }];
}

export function bold(text: string): Inline {
  return { type: 'text', text, style: 'bold' };
}

export function mention(userId: string, displayName: string): Inline {
  return { type: 'mention', userId, fallback: `@${displayName}` };
}

/** The text as a person would read it without formatting (mentions as @name). */
export function toPlainString(text: RichText): string {
  return text
    .map((span) => (span.type === 'text' ? span.text : span.type === 'mention' ? span.fallback : span.label))
    .join('');
}

/**
 * Names inside a sentence, as a reader expects them: "@Sanne, @Ahmed en @Joris" (`and` is the
 * reader's word, prompt `list.and`). A bare comma list reads as an unfinished sentence.
 */
export function joinAsList(parts: readonly RichText[], and: string): RichText {
  if (parts.length < 2) return joinRich(parts, '');
  return [...joinRich(parts.slice(0, -1), ', '), { type: 'text', text: ` ${and} ` }, ...parts.at(-1)!];
}

/** Joins rich texts with a literal separator. */
export function joinRich(parts: readonly RichText[], separator: string): RichText {
  const out: RichText = [];
  parts.forEach((part, index) => {
    if (index > 0) out.push({ type: 'text', text: separator });
    out.push(...part);
  });
  return out;
}

/**
 * Joins neighbouring text spans of the same style. A template such as "**{a} van de {b}**" yields
 * three bold spans; an adapter styling each on its own would print "**5**** van de ****5**".
 */
export function mergeAdjacentText(text: RichText): RichText {
  const merged: RichText = [];
  for (const span of text) {
    const last = merged.at(-1);
    if (span.type === 'text' && last?.type === 'text' && last.style === span.style) {
      merged[merged.length - 1] = { ...last, text: last.text + span.text };
    } else {
      merged.push(span);
    }
  }
  return merged;
}

/** User ids that the text mentions on purpose (adapters allow pings for these only). */
export function mentionedUserIds(text: RichText): string[] {
  return text.flatMap((span) => (span.type === 'mention' ? [span.userId] : []));
}
