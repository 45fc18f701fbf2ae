// Prompts: every user-facing text lives in prompts/<lang>/*.json and is rendered by key.
import type { PromptKey } from './prompt-keys.ts';
import type { Inline, RichText } from './rich-text.ts';
import { mergeAdjacentText, toPlainString } from './rich-text.ts';

export const languages = ['nl', 'en'] as const;
export type Lang = (typeof languages)[number];
export type { PromptKey };
export type PromptValue = string | number | Inline | RichText;
export type PromptVars = Record<string, PromptValue>;
export type PromptTable = Record<PromptKey, string>;

/**
 * A day as people write it, in the reader's language: "25 februari 2027", "25 February 2027".
 * The UTC day, for records kept without a network's time zone.
 */
export function formatDate(at: Date, lang: Lang, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
}

/** Renders prompts in one language. */
export interface Translator {
  readonly lang: Lang;
  /** The prompt as rich text: `**x**` becomes bold, `{name}` takes a value (always literal). */
  rich(key: PromptKey, vars?: PromptVars): RichText;
  /** The prompt as plain text (button labels, headings, summaries). */
  text(key: PromptKey, vars?: PromptVars): string;
  /** Whether a key exists (for keys built from data, such as role names). */
  has(key: string): key is PromptKey;
}

export function isLang(value: string): value is Lang {
  return (languages as readonly string[]).includes(value);
}

// **bold**, {name}, {count|one form|other form} (# in a form is the number) and `code`.
const TOKEN = /\*\*(.+?)\*\*|\{([a-zA-Z][a-zA-Z0-9_]*)(?:\|([^|{}]*)\|([^|{}]*))?\}|`([^`]+)`/g;

/**
 * Values a prompt may use without its caller passing them (the example dates), made at the moment
 * the text is rendered. A value the caller passes wins.
 */
export interface AmbientValues {
  /** The keys whose templates use an ambient value (known once the prompts are loaded). */
  readonly keys: ReadonlySet<string>;
  values(): PromptVars;
}

export function createTranslator(lang: Lang, table: PromptTable, ambient?: AmbientValues): Translator {
  const formatNumber = numberFormat(lang);
  const rich = (key: PromptKey, vars: PromptVars = {}): RichText =>
    mergeAdjacentText(renderTemplate(lookup(table, key), ambient?.keys.has(key) ? { ...ambient.values(), ...vars } : vars, formatNumber));
  return {
    lang,
    rich,
    text: (key, vars) => toPlainString(rich(key, vars)),
    has: (key): key is PromptKey => Object.hasOwn(table, key),
  };
}

function lookup(table: PromptTable, key: PromptKey): string {
  const template = table[key];
  if (template === undefined) throw new Error(`missing prompt ${String(key)}`);
  return template;
}

/**
 * A number as the reader writes it: "1.250" and "4,5" in Dutch, "1,250" and "4.5" in English.
 * Numbers in prompts are counts and lengths ("2.000 tekens"); dates and codes arrive as strings.
 */
export function numberFormat(lang: Lang): (value: number) => string {
  const format = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });
  return (value) => format.format(value);
}

/**
 * `**bold**` and `` `code` `` may wrap placeholders ("**{name}**"); values are never parsed for
 * markup, so user text stays literal. `{count|# week|# weken}` picks the first form when the
 * value is 1 and the second otherwise (the rule of Dutch and English), `#` standing for the value.
 */
export function renderTemplate(template: string, vars: PromptVars, formatNumber: (value: number) => string = String): RichText {
  const out: RichText = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > last) out.push({ type: 'text', text: template.slice(last, match.index) });
    if (match[1] !== undefined) {
      for (const span of renderTemplate(match[1], vars, formatNumber)) {
        out.push(span.type === 'text' ? { ...span, style: 'bold' } : span);
      }
    } else if (match[2] !== undefined && match[3] !== undefined) {
      const value = vars[match[2]];
      const form = value === 1 || value === '1' ? match[3] : match[4]!;
      out.push({ type: 'text', text: form.replaceAll('#', value === undefined ? `{${match[2]}}` : toPlainString(valueToRich(value, '', formatNumber))) });
    } else if (match[2] !== undefined) {
      out.push(...valueToRich(vars[match[2]], match[0], formatNumber));
    } else {
      for (const span of renderTemplate(match[5]!, vars, formatNumber)) {
        out.push(span.type === 'text' ? { ...span, style: 'code' } : span);
      }
    }
    last = match.index + match[0].length;
  }
  if (last < template.length) out.push({ type: 'text', text: template.slice(last) });
  return out;
}

function valueToRich(value: PromptValue | undefined, placeholder: string, formatNumber: (value: number) => string): RichText {
  if (value === undefined) return [{ type: 'text', text: placeholder }];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (typeof value === 'number') return [{ type: 'text', text: formatNumber(value) }];
  return Array.isArray(value) ? value : [value];
}

/** The placeholder names a template uses, for validating translations against each other. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{([a-zA-Z][a-zA-Z0-9_]*)(?:\|[^{}]*)?\}/g)].map((m) => m[1]!))].sort();
}
