// Experiment: distributional vectors (random indexing over documents) from seeds + handbook + situations.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createAdviceEngine } from '../src/advice/advice-engine.ts';
import { loadAdviceData } from '../src/advice/advice-data.ts';
import { createAnalyzer } from '../src/advice/analyzer.ts';
import { buildWordClasses } from '../src/advice/stopwords.ts';
import { shouldAbstain } from '../src/advice/abstention.ts';
import { loadEvalQuestions, OUT_OF_SCOPE } from '../src/advice/evaluate.ts';
import { loadKnowledgeBase } from '../src/knowledge/knowledge-base.ts';

const D = Number(process.env.DIM ?? 256);
const set = process.env.SET ?? 'tune';
const data = loadAdviceData('data');
const kb = loadKnowledgeBase('data');
const analyzer = createAnalyzer(buildWordClasses(data.stopwords));
const engine = createAdviceEngine(kb);

let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const indexVector = () => { const idx: Array<[number, number]> = []; for (let i = 0; i < 8; i++) idx.push([Math.floor(rand() * D), rand() < 0.5 ? -1 : 1]); return idx; };

type Doc = string[]; // keys "nl:stem"
const docs: Doc[] = [];
const stemsOf = (text: string, lang: 'nl' | 'en') => analyzer.stems(text, lang).filter((s) => !/^\d+$/.test(s)).map((s) => `${lang}:${s}`);
const seedsDir = '/work/shared/seeds';
const useSeeds = process.env.SEEDS !== '0';
if (useSeeds) for (const f of readdirSync(seedsDir).filter((f) => f.endsWith('.txt'))) {
  const words = readFileSync(path.join(seedsDir, f), 'utf8').split(/\s+/);
  const W = Number(process.env.CHUNK ?? 80);
  for (let i = 0; i < words.length; i += W / 2) docs.push(stemsOf(words.slice(i, i + W).join(' '), 'nl'));
}
const entryDocs = new Map<string, Doc>();
for (const e of kb.entries) {
  const all: Doc = [];
  const pair = (a: string, b: string) => { const d = [...stemsOf(a, 'nl'), ...stemsOf(b, 'en')]; docs.push(d); all.push(...d); };
  pair(e.nl.title, e.en.title); pair(e.nl.summary, e.en.summary);
  pair(e.nl.keywords.join(' '), e.en.keywords.join(' '));
  for (const f of ['approach', 'tips', 'workForms', 'reflectionQuestions'] as const) e.nl[f].forEach((t, i) => pair(t, e.en[f][i] ?? ''));
  const s = data.situations.get(e.id)!;
  for (const t of s.nl) { const d = stemsOf(t, 'nl'); docs.push(d); all.push(...d); }
  for (const t of s.en) { const d = stemsOf(t, 'en'); docs.push(d); all.push(...d); }
  // one doc tying the entry together across languages
  if (process.env.ENTRYDOC !== '0') docs.push([...new Set(all)]);
  entryDocs.set(e.id, all);
}
const df = new Map<string, number>();
for (const d of docs) for (const w of new Set(d)) df.set(w, (df.get(w) ?? 0) + 1);
const N = docs.length;
const idf = (w: string) => Math.log(N / (df.get(w) ?? N));
const vec = new Map<string, Float64Array>();
for (const d of docs) {
  const r = indexVector();
  const tf = new Map<string, number>(); for (const w of d) tf.set(w, (tf.get(w) ?? 0) + 1);
  for (const [w, c] of tf) {
    let v = vec.get(w); if (!v) { v = new Float64Array(D); vec.set(w, v); }
    const wt = (1 + Math.log(c)) * idf(w);
    for (const [i, s] of r) v[i] += wt * s;
  }
}
for (const v of vec.values()) { let n = 0; for (const x of v) n += x * x; n = Math.sqrt(n) || 1; for (let i = 0; i < D; i++) v[i] /= n; }
const mean = new Float64Array(D); for (const v of vec.values()) for (let i = 0; i < D; i++) mean[i] += v[i] / vec.size;
for (const v of vec.values()) for (let i = 0; i < D; i++) v[i] -= mean[i];
const norm = (v: Float64Array) => { let n = 0; for (const x of v) n += x * x; n = Math.sqrt(n) || 1; for (let i = 0; i < D; i++) v[i] /= n; return v; };
const textVec = (ws: string[]) => { const out = new Float64Array(D); const tf = new Map<string, number>(); for (const w of ws) tf.set(w, (tf.get(w) ?? 0) + 1); for (const [w, c] of tf) { const v = vec.get(w); if (!v) continue; const wt = (1 + Math.log(c)) * idf(w); for (let i = 0; i < D; i++) out[i] += wt * v[i]; } return norm(out); };
const entryVec = new Map([...entryDocs].map(([id, ws]) => [id, textVec(ws)]));
const dot = (a: Float64Array, b: Float64Array) => { let s = 0; for (let i = 0; i < D; i++) s += a[i] * b[i]; return s; };
console.error(`docs ${N}, vocab ${vec.size}`);

const qs = loadEvalQuestions(`tests/fixtures/eval/questions.${set}.json`);
const prepared = qs.map((q) => {
  const ex = engine.explain(q.q);
  const ws = [...ex.tokens.flatMap((t) => [`${ex.lang}:${t.stem}`]), ...ex.tokens.map((t) => `${ex.lang === 'nl' ? 'en' : 'nl'}:${analyzer.stemAny(t.word, ex.lang === 'nl' ? 'en' : 'nl')}`)];
  const known = new Set([...entryDocs.values()].flat()); const qv = process.env.UNKNOWN === '1' ? textVec(ws.filter((w) => !known.has(w))) : textVec(ws);
  const abst = shouldAbstain(data.abstention, ex.candidates[0], ex.neighbourhoodCoverage);
  return { q, ex, qv, abst };
});
for (const beta of (process.env.BETAS ?? '0,0.25,0.5,1,2,4').split(',').map(Number)) {
  let t1 = 0, t3 = 0, n = 0, vecOnly1 = 0;
  for (const { q, ex, qv, abst } of prepared) {
    if (q.topics.includes(OUT_OF_SCOPE)) continue; n++;
    const sims = new Map([...entryVec].map(([id, v]) => [id, dot(qv, v)]));
    const top = ex.candidates[0]?.rank ?? 1;
    const scored = [...entryVec.keys()].map((id) => { const c = ex.candidates.find((c) => c.id === id); const r = (c?.rank ?? 0) / (top || 1); return { id, s: r + beta * sims.get(id)! }; }).sort((a, b) => b.s - a.s);
    const vecBest = [...sims].sort((a, b) => b[1] - a[1])[0]![0];
    if (q.topics.includes(vecBest)) vecOnly1++;
    if (abst) continue;
    if (q.topics.includes(scored[0]!.id)) t1++;
    if (scored.slice(0, 3).some((s) => q.topics.includes(s.id))) t3++;
  }
  console.log(`beta ${beta}: top1 ${(100 * t1 / n).toFixed(1)} top3 ${(100 * t3 / n).toFixed(1)}  (vector alone top1 ${(100 * vecOnly1 / n).toFixed(1)})`);
}
