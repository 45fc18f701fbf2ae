// The handbook index as `npm run build` stores it (dist/advice-index.json), and reading it back at start.
// It is used only when its fingerprint matches the data files, the engine's code and the analysis
// packages of this very process; otherwise the engine builds the index fresh, as before.
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../core/i18n.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { LanguageIndexParts, StemPostings } from './entry-index.ts';
import type { HandbookIndex } from './handbook-index.ts';
import type { SurfaceProfileParts } from './surface-profiles.ts';
import type { CompiledSynonymGroup } from './synonym-expansion.ts';

/** Raised when the stored layout changes, so an index of an older layout is never read as this one. */
const FORMAT = 2;
const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * The code the index is computed by, in the form this process runs (TypeScript under tsx, JavaScript in
 * dist/): an edit anywhere in the engine or the knowledge loader makes the stored index stale.
 */
export const CODE_DIRS = [here, path.join(here, '../knowledge')];
/** Packages whose output is stored: the index, stemmer, stopword lists, and the validation of the data. */
const PACKAGES = ['minisearch', 'snowball-stemmers', 'stopword', 'stopwords-iso', 'zod'];

/** dist/advice-index.json next to the compiled code (for the sources under tsx: a file no build writes). */
export const defaultPrebuiltIndexFile = (): string => path.join(here, '../../advice-index.json');

interface StoredLanguage {
  entryCount: number;
  /** Per stem, in the index's order: the stem, its document frequency, the entries (by position in entryIds) and their BM25. */
  stems: Array<[string, number, number[], number[]]>;
  stemOfWord: Array<[string, string]>;
  names: string[];
  keywordPhrases: Array<[number, string[]]>;
}

/** Synonym or not-covered groups, each as [triggers, additions]. */
type StoredGroups = Array<[string[][], string[]]>;

/** The file's first line: what the index was built from, checked before the body is parsed. */
interface StoredHeader {
  format: number;
  fingerprint: string;
  entryIds: string[];
}

/** The file's second line. */
interface StoredBody {
  stop: string[];
  weak: string[];
  context: string[];
  markers: Record<Lang, string[]>;
  languages: Record<Lang, StoredLanguage>;
  synonyms: Record<Lang, StoredGroups>;
  notCovered: Record<Lang, StoredGroups>;
  surface: StoredSurface;
}

/** The surface profiles: the words as text, the number arrays as base64 of their bytes (JSON numbers would be 8 MB). */
interface StoredSurface {
  words: string[];
  letterCodes: string;
  idf: string;
  offsets: string;
  entries: string;
  weights: string;
}

const base64 = (array: Int32Array | Float32Array | Uint16Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
/** A copy into its own buffer: a typed array must start at a multiple of its element size. */
const bytes = (text: string): ArrayBuffer => {
  const buffer = Buffer.from(text, 'base64');
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
};

function storeSurface(parts: SurfaceProfileParts): StoredSurface {
  return {
    words: parts.words,
    letterCodes: base64(parts.letterCodes),
    idf: base64(parts.idf),
    offsets: base64(parts.offsets),
    entries: base64(parts.entries),
    weights: base64(parts.weights),
  };
}

function loadSurface(stored: StoredSurface, entryIds: string[]): SurfaceProfileParts {
  return {
    entryIds,
    words: stored.words,
    letterCodes: new Int32Array(bytes(stored.letterCodes)),
    idf: new Float32Array(bytes(stored.idf)),
    offsets: new Int32Array(bytes(stored.offsets)),
    entries: new Uint16Array(bytes(stored.entries)),
    weights: new Float32Array(bytes(stored.weights)),
  };
}

const storeGroups = (groups: readonly CompiledSynonymGroup[]): StoredGroups => groups.map((g) => [g.triggers, g.additions]);
const loadGroups = (stored: StoredGroups): CompiledSynonymGroup[] => stored.map(([triggers, additions]) => ({ triggers, additions }));

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? '?';
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '?';
    dir = parent;
  }
}

function hashFiles(hash: Hash, dir: string, keep: (file: string) => boolean): void {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => keep(file) && statSync(path.join(dir, file)).isFile())
    .sort();
  for (const file of files) {
    const content = readFileSync(path.join(dir, file));
    hash.update(`${file.split(path.sep).join('/')}\0${content.length}\0`);
    hash.update(content);
  }
}

/**
 * Hash of what the index is computed from: every file under `dataDir`, the engine's code and the packages' versions,
 * and the byte order the surface profiles' typed arrays were stored in.
 */
export function indexFingerprint(dataDir: string, codeDirs: readonly string[] = CODE_DIRS): string {
  const hash = createHash('sha256');
  hash.update(`format ${FORMAT} ${endianness()}\n`);
  for (const name of PACKAGES) hash.update(`${name}@${packageVersion(name)}\n`);
  for (const dir of codeDirs) hashFiles(hash, dir, (file) => /\.(ts|js)$/.test(file));
  hash.update('data\n');
  hashFiles(hash, dataDir, () => true);
  return hash.digest('hex');
}

function storeLanguage(parts: LanguageIndexParts, position: ReadonlyMap<string, number>): StoredLanguage {
  const at = (id: string) => position.get(id)!;
  return {
    entryCount: parts.entryCount,
    // Every stem's postings asked now, so a start never needs MiniSearch.
    stems: [...parts.documentFrequency].map(([stem, frequency]) => {
      const postings = parts.postings(stem)!;
      return [stem, frequency, postings.entryIds.map(at), [...postings.scores]];
    }),
    stemOfWord: [...parts.stemOfWord],
    names: [...parts.names],
    keywordPhrases: parts.keywordPhrases.map((phrase) => [at(phrase.entryId), [...phrase.stems]]),
  };
}

function loadLanguage(lang: Lang, stored: StoredLanguage, entryIds: readonly string[]): LanguageIndexParts {
  const documentFrequency = new Map<string, number>();
  const postingsByStem = new Map<string, StemPostings>();
  for (const [stem, frequency, entries, scores] of stored.stems) {
    documentFrequency.set(stem, frequency);
    postingsByStem.set(stem, { entryIds: entries.map((p) => entryIds[p]!), scores });
  }
  return {
    lang,
    entryCount: stored.entryCount,
    documentFrequency,
    stemOfWord: new Map(stored.stemOfWord),
    names: new Set(stored.names),
    keywordPhrases: stored.keywordPhrases.map(([entry, stems]) => ({ entryId: entryIds[entry]!, stems })),
    postings: (stem) => postingsByStem.get(stem),
  };
}

/** The stored form of an index built from `kb` and the data under `dataDir`: a header line stamped with their fingerprint, then the body. */
export function serialiseHandbookIndex(index: HandbookIndex, kb: KnowledgeBase, dataDir: string): string {
  const entryIds = kb.entries.map((entry) => entry.id);
  const position = new Map(entryIds.map((id, i) => [id, i]));
  const header: StoredHeader = { format: FORMAT, fingerprint: indexFingerprint(dataDir), entryIds };
  const body: StoredBody = {
    stop: [...index.wordClasses.stop],
    weak: [...index.wordClasses.weak],
    context: [...index.wordClasses.context],
    markers: { nl: [...index.markers.nl], en: [...index.markers.en] },
    languages: { nl: storeLanguage(index.languages.nl, position), en: storeLanguage(index.languages.en, position) },
    synonyms: { nl: storeGroups(index.synonyms.nl), en: storeGroups(index.synonyms.en) },
    notCovered: { nl: storeGroups(index.notCovered.nl), en: storeGroups(index.notCovered.en) },
    surface: storeSurface(index.surface),
  };
  return `${JSON.stringify(header)}\n${JSON.stringify(body)}\n`;
}

/** A stored index found fresh; its body is parsed when first needed (most of its cost, and of its garbage). */
export interface StoredHandbookIndex {
  /** Undefined when the file changed or went away after it was found fresh. */
  load(): HandbookIndex | undefined;
}

/** The entry ids of a header line, when it stamps an index of this layout built from these data, code and entries. */
function freshEntryIds(headerLine: string, kb: KnowledgeBase, dataDir: string): string[] | undefined {
  let header: StoredHeader;
  try {
    header = JSON.parse(headerLine) as StoredHeader;
  } catch {
    return undefined;
  }
  if (header?.format !== FORMAT || header.fingerprint !== indexFingerprint(dataDir)) return undefined;
  const entryIds = header.entryIds;
  if (!Array.isArray(entryIds) || entryIds.length !== kb.entries.length || kb.entries.some((entry, i) => entry.id !== entryIds[i])) return undefined;
  return entryIds;
}

/**
 * The index stored in `text`, or undefined when it was built from other data files, other engine code,
 * other package versions or another list of entries than `kb`'s (then the engine builds it fresh).
 */
export function parseHandbookIndex(text: string, kb: KnowledgeBase, dataDir: string): StoredHandbookIndex | undefined {
  const newline = text.indexOf('\n');
  const entryIds = freshEntryIds(text.slice(0, newline), kb, dataDir);
  // A file cut short after its header fails here, at the start, rather than at the first question.
  if (!entryIds || !text.endsWith('}\n')) return undefined;
  return { load: () => indexOfBody(text.slice(newline + 1), entryIds) };
}

/** The index from the file's second line (the body). */
function indexOfBody(bodyLine: string, entryIds: string[]): HandbookIndex {
  const body = JSON.parse(bodyLine) as StoredBody;
  return {
    wordClasses: { stop: new Set(body.stop), weak: new Set(body.weak), context: new Set(body.context) },
    markers: { nl: new Set(body.markers.nl), en: new Set(body.markers.en) },
    languages: { nl: loadLanguage('nl', body.languages.nl, entryIds), en: loadLanguage('en', body.languages.en, entryIds) },
    synonyms: { nl: loadGroups(body.synonyms.nl), en: loadGroups(body.synonyms.en) },
    notCovered: { nl: loadGroups(body.notCovered.nl), en: loadGroups(body.notCovered.en) },
    surface: loadSurface(body.surface, entryIds),
  };
}

/** Writes the stored index (to a temporary file first, so a reader never sees half of it). */
export function writePrebuiltIndex(index: HandbookIndex, kb: KnowledgeBase, dataDir: string, file = defaultPrebuiltIndexFile()): void {
  writeFileSync(`${file}.tmp`, serialiseHandbookIndex(index, kb, dataDir));
  renameSync(`${file}.tmp`, file);
}

/** The header line is a few kB; a longer first line is not an index of ours. */
const MAX_HEADER_BYTES = 1 << 20;

/** The file's first line, and whether the file ends as a whole index does, read without the rest of it. */
function headerOf(file: string): { line: string; complete: boolean } | undefined {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let read = 0;
    for (;;) {
      const chunk = Buffer.alloc(16_384);
      const size = readSync(fd, chunk, 0, chunk.length, read);
      const newline = chunk.subarray(0, size).indexOf(10);
      chunks.push(chunk.subarray(0, newline >= 0 ? newline : size));
      read += size;
      if (newline >= 0) break;
      if (size === 0 || read > MAX_HEADER_BYTES) return undefined;
    }
    const end = Buffer.alloc(2);
    const length = fstatSync(fd).size;
    readSync(fd, end, 0, 2, Math.max(0, length - 2));
    return { line: Buffer.concat(chunks).toString('utf8'), complete: end.toString('utf8') === '}\n' };
  } finally {
    closeSync(fd);
  }
}

/**
 * The index `npm run build` stored, when it is fresh for `kb` and `dataDir`; otherwise undefined. Only its header
 * and last bytes are read now: the body (4 MB) is read on `load()`, so a process nobody asks never holds it.
 * Should the file have changed by then, `load()` returns undefined and the engine builds the index itself.
 */
export function readPrebuiltIndex(kb: KnowledgeBase, dataDir: string, file = defaultPrebuiltIndexFile()): StoredHandbookIndex | undefined {
  if (!existsSync(file)) return undefined;
  const header = headerOf(file);
  const entryIds = header?.complete ? freshEntryIds(header.line, kb, dataDir) : undefined;
  if (!header || !entryIds) return undefined;
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
      // The same header line as checked at start means the same fingerprint: no second hash of data/ and code.
      const newline = text.indexOf('\n');
      if (text.slice(0, newline) !== header.line || !text.endsWith('}\n')) return undefined;
      return indexOfBody(text.slice(newline + 1), entryIds);
    },
  };
}
