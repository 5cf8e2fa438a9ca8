/** `compute` run once per object: what is derived from a provider, a provider list or a loaded set is kept with it. */
export function keptPer<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const kept = new WeakMap<K, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key)!;
    const value = compute(key);
    kept.set(key, value);
    return value;
  };
}
