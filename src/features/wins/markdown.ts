// Rich text to Markdown for the exported documents; literal text is escaped, so a win can
// never add a heading, a link or an HTML tag to a document.
import type { RichText } from '../../core/rich-text.ts';

const SPECIAL = /[\\`*_[\]<>|~#!]/g;

/** Escapes Markdown syntax in literal text and folds line breaks, so it stays one paragraph. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(SPECIAL, '\\$&');
}

/** Bold and italic spans keep their emphasis; mentions become their plain "@name". */
export function richToMarkdown(text: RichText): string {
  return text
    .map((span) => {
      if (span.type === 'mention') return escapeMarkdown(span.fallback);
      if (span.type === 'link') return escapeMarkdown(`${span.label} (${span.url})`);
      const body = escapeMarkdown(span.text);
      if (body.trim().length === 0 || !span.style) return body;
      if (span.style === 'bold') return `**${body}**`;
      if (span.style === 'italic') return `_${body}_`;
      return body;
    })
    .join('');
}
