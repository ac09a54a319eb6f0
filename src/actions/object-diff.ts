/**
 * Field-level differences between two versions of an object, for the plan (`spec.vlan: (unset) → "v100"`) and
 * as the merge patch that writes them (RFC 7386: changed keys, `null` for removed ones, objects recursively).
 */
import { isDeepStrictEqual } from 'node:util';
import type { MergePatch } from '../engine/cluster/types.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shown(v: unknown): string {
  return v === undefined ? '(unset)' : JSON.stringify(v);
}

/** One line per changed leaf (arrays count as leaves): `spec.gatewayType: "distributed" → "centralized"`. */
export function diffFields(before: unknown, after: unknown, path: string): string[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffFields(before[k], after[k], `${path}.${k}`));
  }
  return [`${path}: ${shown(before)} → ${shown(after)}`];
}

/** The merge patch that turns `before` into `after` (both plain JSON objects). */
export function mergePatchBetween(before: Record<string, unknown>, after: Record<string, unknown>): MergePatch {
  const patch: MergePatch = {};
  for (const key of Object.keys(before)) if (!(key in after) || after[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined || isDeepStrictEqual(before[key], value)) continue;
    const old = before[key];
    patch[key] = isPlainObject(old) && isPlainObject(value) ? mergePatchBetween(old, value) : value;
  }
  return patch;
}
