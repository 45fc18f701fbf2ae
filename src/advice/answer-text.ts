// Plain-text rendering of an advice result: title, approach, a few tips and the cited source, or an honest "not covered".
import type { Lang } from '../core/i18n.ts';
import type { KnowledgeEntry } from '../knowledge/schema.ts';
import type { AdviceResult } from './advice-engine.ts';

/** The chat bot renders through prompts/<lang>.json; this plain text serves the CLI and logs. */
const labels: Record<Lang, { approach: string; tips: string; source: string; notCovered: string; closest: string }> = {
  nl: {
    approach: 'Aanpak',
    tips: 'Tips',
    source: 'Bron',
    notCovered: 'Daar zegt het LISO-handboek niets over, dus daar waag ik me niet aan.',
    closest: 'Wat er het dichtst bij komt',
  },
  en: {
    approach: 'Approach',
    tips: 'Tips',
    source: 'Source',
    notCovered: 'The LISO handbook does not cover this, so I would rather not guess.',
    closest: 'Closest topics in the handbook',
  },
};

const APPROACH_PARAGRAPHS = 3;
const MAX_TIPS = 3;
const MAX_PARAGRAPH_CHARS = 260;

/** Cuts a paragraph at a sentence (or word) boundary so the answer stays a few lines long. */
function shorten(text: string, max = MAX_PARAGRAPH_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const sentenceEnd = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('? '), cut.lastIndexOf('! '));
  if (sentenceEnd > max / 2) return cut.slice(0, sentenceEnd + 1);
  return `${cut.slice(0, cut.lastIndexOf(' '))} …`;
}

/** "Bron: LISO-handboek, h6, struikelblok 1" (several sources joined with "; "). */
export function citeSources(entry: KnowledgeEntry, lang: Lang): string {
  return `${labels[lang].source}: ${entry.sources.map((s) => `${s.document}, ${s.section}`).join('; ')}`;
}

export function renderAnswer(result: AdviceResult): string {
  const lang = result.lang;
  const label = labels[lang];
  if (result.abstained || !result.best) {
    const closest = result.alternatives.map((a) => `- ${a.entry[lang].title}`);
    return [label.notCovered, ...(closest.length > 0 ? ['', `${label.closest}:`, ...closest] : [])].join('\n');
  }
  const entry = result.best.entry;
  const text = entry[lang];
  const lines = [text.title, '', `${label.approach}:`, ...text.approach.slice(0, APPROACH_PARAGRAPHS).map((p) => shorten(p))];
  const tips = text.tips.slice(0, MAX_TIPS);
  if (tips.length > 0) lines.push('', `${label.tips}:`, ...tips.map((tip) => `- ${shorten(tip, 200)}`));
  lines.push('', citeSources(entry, lang));
  return lines.join('\n');
}
