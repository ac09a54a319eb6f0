/** The `ObjectChange`s a plan lists: create, update (with field diff) and delete of any kind. */
import type { KubeObject } from '../engine/cluster/types.js';
import type { ObjectChange } from './action-types.js';
import { diffFields } from './object-diff.js';

/** `spec` with `undefined` values removed (they mean "delete this key"). */
export function cleanSpec<S extends object>(spec: S): S {
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as S;
}

export function updateChange(before: KubeObject, after: KubeObject): ObjectChange {
  return { kind: before.kind, name: before.metadata.name, op: 'update', before, after, diff: diffFields(before.spec, after.spec, 'spec') };
}

export function createChange(after: KubeObject): ObjectChange {
  const spec = JSON.stringify(after.spec ?? {});
  return { kind: after.kind, name: after.metadata.name, op: 'create', after, diff: [`create ${after.kind} ${after.metadata.name} ${spec}`] };
}

export function deleteChange(before: KubeObject): ObjectChange {
  return { kind: before.kind, name: before.metadata.name, op: 'delete', before, diff: [`delete ${before.kind} ${before.metadata.name}`] };
}
