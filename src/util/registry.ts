/** A registry filled once from an explicit list; duplicate names are refused. */
export function buildRegistry<T extends { name: string }>(kind: string, items: T[]): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.name)) throw new Error(`${kind} registry: duplicate name '${item.name}'`);
    map.set(item.name, item);
  }
  return map;
}
