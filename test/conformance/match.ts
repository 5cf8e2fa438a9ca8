/** Where `actual` fails to contain `expected` (a deep partial match), or undefined when it matches. */
export function partialMismatch(
  expected: unknown,
  actual: unknown,
  path: string,
  unorderedLists: boolean,
): string | undefined {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
    }
    if (unorderedLists) {
      const remaining: unknown[] = [...(actual as unknown[])];
      for (const item of expected) {
        const at = remaining.findIndex((candidate) => partialMismatch(item, candidate, path, true) === undefined);
        if (at < 0) return `${path}: no element matches ${JSON.stringify(item)} in ${JSON.stringify(actual)}`;
        remaining.splice(at, 1);
      }
      return undefined;
    }
    for (const [i, item] of expected.entries()) {
      const miss = partialMismatch(item, actual[i], `${path}[${i}]`, false);
      if (miss) return miss;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${path}: expected a table, got ${JSON.stringify(actual)}`;
    }
    for (const [key, value] of Object.entries(expected)) {
      const miss = partialMismatch(
        value,
        (actual as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
        unorderedLists,
      );
      if (miss) return miss;
    }
    return undefined;
  }
  return Object.is(expected, actual)
    ? undefined
    : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}
