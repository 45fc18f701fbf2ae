// Splits batch operations of any size into bounded pieces for the backends.

/**
 * Runs `work` on consecutive pieces of at most `size` items, one after another, and joins the
 * results in order. Backends bound what one statement or command may carry (SQLite's variables,
 * Redis's blocking of other clients while a huge command runs), and results are joined by a loop,
 * never by spreading an array into a call, which overflows the stack near 100,000 arguments.
 */
export async function inPieces<T, R>(items: readonly T[], size: number, work: (piece: readonly T[]) => Promise<R[]>): Promise<R[]> {
  if (items.length <= size) return work(items);
  const joined: R[] = [];
  for (let at = 0; at < items.length; at += size) {
    const results = await work(items.slice(at, at + size));
    for (const result of results) joined.push(result);
  }
  return joined;
}

/** Like `inPieces` for work that returns nothing (writes). */
export async function eachPiece<T>(items: readonly T[], size: number, work: (piece: readonly T[]) => Promise<unknown>): Promise<void> {
  for (let at = 0; at < items.length; at += size) await work(items.slice(at, at + size));
}
