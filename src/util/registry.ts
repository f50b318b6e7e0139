/**
 * A registry filled once from an explicit list (duplicate names refused). Lookups of an
 * unknown name fail with a ConfigError that suggests the closest name and lists them all.
 */
import { ConfigError } from './errors.js';
import { suggest } from './suggest.js';

export class Registry<T extends { readonly name: string }> {
  private readonly items = new Map<string, T>();

  constructor(
    readonly kind: string,
    items: readonly T[],
  ) {
    for (const item of items) {
      if (this.items.has(item.name)) throw new Error(`${kind} registry: duplicate name '${item.name}'`);
      this.items.set(item.name, item);
    }
  }

  names(): string[] {
    return [...this.items.keys()];
  }

  values(): T[] {
    return [...this.items.values()];
  }

  get(name: string): T {
    const item = this.items.get(name);
    if (!item) {
      const names = this.names();
      throw new ConfigError(`unknown ${this.kind} '${name}'${suggest(name, names)}; available: ${names.join(', ')}`);
    }
    return item;
  }
}
