// Recognises subjects next to the handbook that it does not cover ("de AVG", "tax rules"), so the answer can say so.
import type { Lang } from '../core/i18n.ts';
import type { NotCoveredFile } from './advice-data.ts';
import type { Analyzer } from './analyzer.ts';
import type { CompiledSynonymGroup, SynonymTable } from './synonym-expansion.ts';
import { matchSynonyms, triggerTable } from './synonym-expansion.ts';

export interface NotCoveredMatch {
  /** How the answer names the subject, in each language. */
  label: Record<Lang, string>;
  /** Positions (in the question's full word list) of the words that named it. */
  positions: number[];
  /** A scene subject (not-covered.json): named only when nothing else in the question is answered. */
  scene: boolean;
}

export interface NotCoveredMatcher {
  /** Subjects named in a question given as the stems of all its words in `lang`, in the order of the data file. */
  find(stems: readonly string[], lang: Lang): NotCoveredMatch[];
}

/** Both languages' phrases, as stems in `lang`: people write "GDPR" or "Zoom" in Dutch questions too. Group i is topic i. */
export function notCoveredGroups(file: NotCoveredFile, analyzer: Analyzer, lang: Lang): CompiledSynonymGroup[] {
  return file.topics.map((topic, index) => ({
    triggers: [...topic.when.nl, ...topic.when.en].map((phrase) => analyzer.allStems(phrase, lang)),
    additions: [String(index)],
  }));
}

interface CompiledPair {
  topic: number;
  stems: [string, string];
}

/** Both languages' word pairs, as stems in `lang` (a few dozen stems: compiled at start, not stored). */
function notCoveredPairs(file: NotCoveredFile, analyzer: Analyzer, lang: Lang): CompiledPair[] {
  return file.topics.flatMap((topic, index) =>
    [...(topic.together?.nl ?? []), ...(topic.together?.en ?? [])].map(([first, second]) => ({
      topic: index,
      stems: [analyzer.stemAny(first, lang), analyzer.stemAny(second, lang)] as [string, string],
    })),
  );
}

/** `groups` are notCoveredGroups of both languages, computed here or read from the stored index (prebuilt-index.ts). */
export function compileNotCovered(
  file: NotCoveredFile,
  analyzer: Analyzer,
  groups: Record<Lang, CompiledSynonymGroup[]> = { nl: notCoveredGroups(file, analyzer, 'nl'), en: notCoveredGroups(file, analyzer, 'en') },
): NotCoveredMatcher {
  const tables: Record<Lang, SynonymTable> = { nl: triggerTable(groups.nl), en: triggerTable(groups.en) };
  const pairs: Record<Lang, CompiledPair[]> = { nl: notCoveredPairs(file, analyzer, 'nl'), en: notCoveredPairs(file, analyzer, 'en') };
  return {
    find(stems, lang) {
      const found = new Map<number, number[]>();
      for (const match of matchSynonyms(tables[lang], stems)) found.set(Number(match.additions[0]), match.positions);
      if (pairs[lang].length > 0) {
        const positionsOf = new Map<string, number[]>();
        stems.forEach((stem, position) => {
          const known = positionsOf.get(stem);
          if (known) known.push(position);
          else positionsOf.set(stem, [position]);
        });
        for (const { topic, stems: [first, second] } of pairs[lang]) {
          const firstAt = positionsOf.get(first);
          const secondAt = positionsOf.get(second);
          if (firstAt && secondAt && !found.has(topic)) found.set(topic, [...firstAt, ...secondAt]);
        }
      }
      return [...found]
        .sort(([a], [b]) => a - b)
        .map(([index, positions]) => ({ label: file.topics[index]!.label, positions, scene: file.topics[index]!.scene }));
    },
  };
}
