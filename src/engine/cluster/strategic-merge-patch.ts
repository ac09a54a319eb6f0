import { isPlainObject } from './merge-patch.js';

/**
 * Lists that Kubernetes merges by a key under strategic merge patch, by field name. The core kinds kovn serves
 * use these names consistently, so the field name alone picks the key (`containers` by `name` …).
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  ports: 'containerPort',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  conditions: 'type',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  taints: 'key',
  addresses: 'type',
};

/** Lists of scalars that strategic merge patch unions instead of replacing. */
const MERGED_SCALAR_LISTS = new Set(['finalizers']);

const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/**
 * Strategic merge patch as kubectl sends it (apply, edit, patch, label, annotate): maps merge, `null` deletes,
 * known lists merge by key (see MERGE_KEYS), other lists replace; honours `$patch: replace|delete`,
 * `$deleteFromPrimitiveList/…`, and drops `$setElementOrder/…` and `$retainKeys` (order and pruning hints).
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  return mergeValue(target, patch, undefined);
}

function mergeValue(target: unknown, patch: unknown, field: string | undefined): unknown {
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch, field);
  if (!isPlainObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const listKey = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const remove = Array.isArray(value) ? value : [];
      if (Array.isArray(result[listKey])) result[listKey] = (result[listKey] as unknown[]).filter((v) => !remove.includes(v));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergeValue(result[key], value, key);
    if (merged === undefined) delete result[key];
    else result[key] = merged;
  }
  return result;
}

function mergeList(target: unknown[], patch: unknown[], field: string | undefined): unknown[] {
  if (field && MERGED_SCALAR_LISTS.has(field)) {
    return [...target, ...patch.filter((v) => !target.includes(v))].map((v) => structuredClone(v));
  }
  const mergeKey = field ? MERGE_KEYS[field] : undefined;
  if (!mergeKey || !patch.every(isPlainObject)) return patch.map((v) => stripDirectives(v));
  if (patch.some((item) => isPlainObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isPlainObject(item) && item.$patch)).map((v) => stripDirectives(v));
  }
  const result = target.map((v) => v);
  for (const item of patch as Record<string, unknown>[]) {
    const index = result.findIndex((t) => isPlainObject(t) && t[mergeKey] === item[mergeKey]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = mergeValue(result[index], item, undefined);
    } else {
      result.push(stripDirectives(item));
    }
  }
  return result;
}

/** A copy of a patch value without `$…` directive keys, for values that land in the object as they are. */
function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) out[k] = stripDirectives(v);
  return out;
}
