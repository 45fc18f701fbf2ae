// The plain baseline the engine must beat: MiniSearch (BM25) with its default options over both languages' text, no abstention.
import MiniSearch from 'minisearch';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { AskFunction, RankedAnswer } from './evaluate.ts';

/** Title, summary, approach, tips and keywords of both languages, one document per entry; never abstains. */
export function createBaseline(kb: KnowledgeBase): AskFunction {
  const fields = ['title', 'summary', 'approach', 'tips', 'keywords'] as const;
  const search = new MiniSearch<Record<string, string>>({ fields: [...fields] });
  search.addAll(
    kb.entries.map((entry) => ({
      id: entry.id,
      title: `${entry.nl.title}\n${entry.en.title}`,
      summary: `${entry.nl.summary}\n${entry.en.summary}`,
      approach: [...entry.nl.approach, ...entry.en.approach].join('\n'),
      tips: [...entry.nl.tips, ...entry.en.tips].join('\n'),
      keywords: [...entry.nl.keywords, ...entry.en.keywords].join('\n'),
    })),
  );
  return (question: string): RankedAnswer => {
    const ranked = search.search(question).map((r) => ({ entry: { id: String(r.id) } }));
    return { best: ranked[0], alternatives: ranked.slice(1, 4), abstained: false };
  };
}
