// An engine on a stored index that reads the index on its first question, its data checked at once.
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { AdviceEngine } from './advice-engine.ts';
import { checkSituations, createAdviceEngine } from './advice-engine.ts';
import { loadAdviceData } from './advice-data.ts';
import type { StoredHandbookIndex } from './prebuilt-index.ts';

/**
 * The data files are validated now, so a bad one still stops the start naming file and field; the stored
 * index (fresh: readPrebuiltIndex checked its header) is read and parsed on the first question, about 50 ms
 * then. A process nobody asks anything (a console, a bot between questions) never holds it or the garbage of
 * reading it.
 */
export function deferredAdviceEngine(kb: KnowledgeBase, dataDir: string, stored: StoredHandbookIndex): AdviceEngine {
  const data = loadAdviceData(dataDir);
  checkSituations(kb, data);
  let engine: AdviceEngine | undefined;
  // Dropped once read, so the file's text is not kept next to the index made from it.
  let unread: StoredHandbookIndex | undefined = stored;
  const built = () => {
    if (!engine) {
      const prebuilt = unread!.load();
      engine = createAdviceEngine(kb, { data, ...(prebuilt ? { prebuilt } : {}) });
      unread = undefined;
    }
    return engine;
  };
  return {
    ask: (question, opts) => built().ask(question, opts),
    explain: (question, opts) => built().explain(question, opts),
  };
}
