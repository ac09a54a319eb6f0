/**
 * JSON merge patch (RFC 7386): objects merge recursively, `null` removes a key, anything else (arrays
 * included) replaces. Pure: neither argument is changed; the result shares no structure with the patch.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The merge patch that takes an object from what was last applied to `desired`, as `kubectl apply` computes it:
 * every field of `desired`, plus `null` for each field the last applied manifest had and `desired` dropped.
 * Fields nobody applied (set by controllers, defaults) are left alone.
 */
export function createApplyPatch(lastApplied: unknown, desired: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = structuredClone(desired);
  if (!isPlainObject(lastApplied)) return patch;
  for (const [key, before] of Object.entries(lastApplied)) {
    const after = desired[key];
    if (after === undefined) patch[key] = null;
    else if (isPlainObject(before) && isPlainObject(after)) patch[key] = createApplyPatch(before, after);
  }
  return patch;
}
