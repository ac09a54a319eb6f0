import type { KubeObject } from '../types.js';

/**
 * The store's objects by kind, then namespace ('' for cluster-scoped kinds), then name, so that listing one
 * namespace of one kind does not scan the others. Objects held here are never mutated: a write replaces them.
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, Map<string, Map<string, KubeObject>>>();

  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.byKind.get(kind)?.get(namespace)?.get(name);
  }

  set(kind: string, namespace: string, name: string, object: KubeObject): void {
    let namespaces = this.byKind.get(kind);
    if (!namespaces) this.byKind.set(kind, (namespaces = new Map()));
    let names = namespaces.get(namespace);
    if (!names) namespaces.set(namespace, (names = new Map()));
    names.set(name, object);
  }

  remove(kind: string, namespace: string, name: string): void {
    const namespaces = this.byKind.get(kind);
    const names = namespaces?.get(namespace);
    names?.delete(name);
    if (names && names.size === 0) namespaces?.delete(namespace);
  }

  /** Objects of one kind, in one namespace or (namespace undefined) all of them. */
  *objects(kind: string, namespace?: string): Iterable<KubeObject> {
    const namespaces = this.byKind.get(kind);
    if (!namespaces) return;
    if (namespace !== undefined) {
      yield* namespaces.get(namespace)?.values() ?? [];
      return;
    }
    for (const names of namespaces.values()) yield* names.values();
  }

  /** Every object with its kind, for snapshots. */
  *all(): Iterable<{ kind: string; object: KubeObject }> {
    for (const [kind, namespaces] of this.byKind) for (const names of namespaces.values()) for (const object of names.values()) yield { kind, object };
  }
}
