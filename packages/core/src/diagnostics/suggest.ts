/**
 * Levenshtein distance, for "did you mean" suggestions. With a `limit`, a distance over it comes back as `limit + 1`
 * as soon as every cell of a row exceeds it (rows never get smaller), so a hopeless comparison stops early.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const row = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    let least = i;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      let cell = diagonal + (code === b.charCodeAt(j - 1) ? 0 : 1);
      if (above + 1 < cell) cell = above + 1;
      if (row[j - 1]! + 1 < cell) cell = row[j - 1]! + 1;
      row[j] = cell;
      diagonal = above;
      if (cell < least) least = cell;
    }
    if (least > limit) return limit + 1;
  }
  return row[b.length]! <= limit ? row[b.length]! : limit + 1;
}

/** The known word closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  // Only a strictly closer word replaces the best so far, so nothing further than it needs an exact distance.
  let bestDistance = limit + 1;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `did you mean "x"?` when a close word exists, otherwise the list of accepted words. */
export function suggestion(word: string, known: readonly string[]): string {
  const near = closest(word, known);
  return near !== undefined ? `did you mean "${near}"?` : `use one of ${known.join(', ')}`;
}
