// Everyday phrasings ("no-shows", "hakken in het zand") mapped onto handbook vocabulary (data/advice/synonyms.json).
import type { Lang } from '../core/i18n.ts';
import type { SynonymsFile } from './advice-data.ts';
import type { Analyzer } from './analyzer.ts';

export interface CompiledSynonymGroup {
  /** Each trigger phrase as the stems of all its words, small words included. */
  triggers: string[][];
  /** Handbook stems to add to the question. */
  additions: string[];
}

/** Groups of one language, plus each trigger filed under its first stem so matching skips the rest. */
export interface SynonymTable {
  groups: CompiledSynonymGroup[];
  byFirstStem: Map<string, Array<{ group: number; trigger: string[] }>>;
}

export interface SynonymMatch {
  additions: string[];
  /** Positions (in the question's full word list) of the words that triggered the group. */
  positions: number[];
}

/**
 * A one-word trigger that occurs in more than this many entries is dropped: a word the handbook uses all
 * over ("resultaat", "werkt") cannot point at one topic, and BM25 already weighs it.
 */
export const MAX_TRIGGER_ENTRIES = 6;

export function compileSynonyms(
  file: SynonymsFile,
  analyzer: Analyzer,
  entriesWithStem: (stem: string, lang: Lang) => number,
): Record<Lang, SynonymTable> {
  const compile = (lang: Lang): SynonymTable => {
    const groups = file[lang]
      .map((group) => ({
        triggers: group.when
          .map((phrase) => analyzer.allStems(phrase, lang))
          .filter((stems) => stems.length > 1 || (stems.length === 1 && entriesWithStem(stems[0]!, lang) <= MAX_TRIGGER_ENTRIES)),
        additions: [...new Set(group.add.flatMap((phrase) => analyzer.stems(phrase, lang)))],
      }))
      .filter((group) => group.triggers.length > 0 && group.additions.length > 0);
    return triggerTable(groups);
  };
  return { nl: compile('nl'), en: compile('en') };
}

/** Files each trigger under its first stem, so matching a question looks only at triggers that can start there. */
export function triggerTable(groups: CompiledSynonymGroup[]): SynonymTable {
  const byFirstStem = new Map<string, Array<{ group: number; trigger: string[] }>>();
  groups.forEach((group, index) => {
    for (const trigger of group.triggers) {
      if (trigger.length === 0) continue;
      const list = byFirstStem.get(trigger[0]!) ?? [];
      list.push({ group: index, trigger });
      byFirstStem.set(trigger[0]!, list);
    }
  });
  return { groups, byFirstStem };
}

/**
 * The trigger's stems in order from `start`, with at most one extra word between two of them
 * ("meldt zich af" also matches "meldt zich vandaag af"). Word-order variants are listed in the data.
 */
function matchAt(trigger: readonly string[], stems: readonly string[], start: number): number[] | null {
  const positions = [start];
  let at = start;
  for (let i = 1; i < trigger.length; i++) {
    const next = [at + 1, at + 2].find((p) => stems[p] === trigger[i]);
    if (next === undefined) return null;
    positions.push(next);
    at = next;
  }
  return positions;
}

/** Groups triggered by the question, given as the stems of all its words. */
export function matchSynonyms(table: SynonymTable, stems: readonly string[]): SynonymMatch[] {
  const positionsByGroup = new Map<number, Set<number>>();
  stems.forEach((stem, start) => {
    for (const { group, trigger } of table.byFirstStem.get(stem) ?? []) {
      const positions = matchAt(trigger, stems, start);
      if (!positions) continue;
      const found = positionsByGroup.get(group) ?? new Set<number>();
      for (const position of positions) found.add(position);
      positionsByGroup.set(group, found);
    }
  });
  return [...positionsByGroup].map(([group, positions]) => ({ additions: table.groups[group]!.additions, positions: [...positions] }));
}
