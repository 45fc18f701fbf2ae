// Which approach paragraphs and tips an answer shows: the entry's first ones, unless later ones speak more to the
// question (the engine's PassageRelevance). "Meer tips" then shows the ones left out, so nothing is out of reach.
import type { PassageRelevance } from '../../advice/passage-focus.ts';
import type { Lang } from '../../core/i18n.ts';
import type { KnowledgeEntry } from '../../knowledge/schema.ts';

export const APPROACH_PARAGRAPHS = 3;
export const TIPS_SHOWN = 3;

/** Indices into the entry's approach and tips, in the entry's own order; the work forms too when asked for. */
export interface ShownPassages {
  approach: number[];
  tips: number[];
  workForms?: true;
}

/** The entry's first paragraphs and tips. */
export function firstPassages(entry: KnowledgeEntry, lang: Lang): ShownPassages {
  const first = (length: number, count: number) => Array.from({ length: Math.min(length, count) }, (_, i) => i);
  return { approach: first(entry[lang].approach.length, APPROACH_PARAGRAPHS), tips: first(entry[lang].tips.length, TIPS_SHOWN) };
}

/**
 * The paragraphs and tips most relevant to the question; the first paragraph always stays (it opens the approach),
 * and on equal relevance the earlier one wins, so without any relevance this is `firstPassages`.
 */
export function shownPassages(entry: KnowledgeEntry, lang: Lang, relevance: PassageRelevance | undefined, asksWorkForms = false): ShownPassages {
  const chosen = relevance ? { approach: best(relevance.approach, APPROACH_PARAGRAPHS, 1), tips: best(relevance.tips, TIPS_SHOWN, 0) } : firstPassages(entry, lang);
  return asksWorkForms && entry[lang].workForms.length > 0 ? { ...chosen, workForms: true } : chosen;
}

function best(scores: readonly number[], count: number, pinned: number): number[] {
  const kept = Array.from({ length: Math.min(pinned, scores.length) }, (_, i) => i);
  const rest = scores
    .map((score, index) => ({ score, index }))
    .slice(pinned)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, Math.max(0, count - kept.length))
    .map(({ index }) => index);
  return [...kept, ...rest].sort((a, b) => a - b);
}

/** For a button value: "0.1.4_2.0.5" (and "_w" with the work forms), or undefined for the first ones. */
export function encodeShown(shown: ShownPassages, entry: KnowledgeEntry, lang: Lang): string | undefined {
  const first = firstPassages(entry, lang);
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(shown.approach, first.approach) && same(shown.tips, first.tips) && !shown.workForms) return undefined;
  return `${shown.approach.join('.')}_${shown.tips.join('.')}${shown.workForms ? '_w' : ''}`;
}

/** Reads `encodeShown`'s text back; anything else (an old button, a forged value) is the first ones. */
export function decodeShown(text: string | undefined, entry: KnowledgeEntry, lang: Lang): ShownPassages {
  const match = text ? /^([\d.]{0,40})_([\d.]{0,40})(_w)?$/.exec(text) : null;
  if (!match) return firstPassages(entry, lang);
  const indices = (part: string) => [...new Set(part.split('.').filter(Boolean).map(Number))].sort((a, b) => a - b);
  return withinEntry({ approach: indices(match[1]!), tips: indices(match[2]!), ...(match[3] ? { workForms: true as const } : {}) }, entry, lang);
}

/** Only indices the entry has: a button or stored choice from before its text changed keeps what still exists. */
export function withinEntry(shown: ShownPassages, entry: KnowledgeEntry, lang: Lang): ShownPassages {
  return {
    approach: shown.approach.filter((i) => i < entry[lang].approach.length),
    tips: shown.tips.filter((i) => i < entry[lang].tips.length),
    ...(shown.workForms ? { workForms: true as const } : {}),
  };
}
