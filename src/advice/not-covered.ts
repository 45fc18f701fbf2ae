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

/** `groups` are notCoveredGroups of both languages, computed here or read from the stored index (prebuilt-index.ts). */
export function compileNotCovered(
  file: NotCoveredFile,
  analyzer: Analyzer,
  groups: Record<Lang, CompiledSynonymGroup[]> = { nl: notCoveredGroups(file, analyzer, 'nl'), en: notCoveredGroups(file, analyzer, 'en') },
): NotCoveredMatcher {
  const tables: Record<Lang, SynonymTable> = { nl: triggerTable(groups.nl), en: triggerTable(groups.en) };
  return {
    find(stems, lang) {
      return matchSynonyms(tables[lang], stems)
        .map((match) => ({ index: Number(match.additions[0]), positions: match.positions }))
        .sort((a, b) => a.index - b.index)
        .map(({ index, positions }) => ({ label: file.topics[index]!.label, positions }));
    },
  };
}
