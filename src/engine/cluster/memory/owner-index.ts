import type { KubeObject } from '../types.js';

/** `kind`, namespace ('' when cluster-scoped) and name of a stored object. */
export interface StoredRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

const keyOf = (r: StoredRef) => `${r.kind}\u0000${r.namespace}\u0000${r.name}`;

function refOf(key: string): StoredRef {
  const [kind, namespace, name] = key.split('\u0000');
  return { kind, namespace, name };
}

/**
 * Which stored objects name which owners (`metadata.ownerReferences`), and which uids are alive, so that
 * removing an owner finds the dependents left without any owner: what the garbage collector deletes.
 */
export class OwnerIndex {
  private readonly dependents = new Map<string, Set<string>>();
  private readonly ownersOf = new Map<string, string[]>();
  private readonly live = new Set<string>();

  /** Records that the object at `ref` changed from `before` to `after` (either may be absent). */
  track(ref: StoredRef, before: KubeObject | undefined, after: KubeObject | undefined): void {
    const key = keyOf(ref);
    if (before?.metadata.uid) this.live.delete(before.metadata.uid);
    for (const owner of this.ownersOf.get(key) ?? []) {
      const set = this.dependents.get(owner);
      set?.delete(key);
      if (set && set.size === 0) this.dependents.delete(owner);
    }
    this.ownersOf.delete(key);
    if (!after) return;
    if (after.metadata.uid) this.live.add(after.metadata.uid);
    const owners = (after.metadata.ownerReferences ?? []).map((o) => o.uid).filter(Boolean);
    if (!owners.length) return;
    this.ownersOf.set(key, owners);
    for (const owner of owners) {
      const set = this.dependents.get(owner) ?? new Set<string>();
      set.add(key);
      this.dependents.set(owner, set);
    }
  }

  /** Dependents of `ownerUid` none of whose owners exist any more. */
  orphansOf(ownerUid: string): StoredRef[] {
    const keys = [...(this.dependents.get(ownerUid) ?? [])];
    return keys.filter((key) => !(this.ownersOf.get(key) ?? []).some((uid) => this.live.has(uid))).map(refOf);
  }
}
