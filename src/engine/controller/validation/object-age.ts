/** Which of two clashing objects came first: the newer one is the one reported, so the older keeps working. */
import type { MetadataInput } from './inputs.js';

/**
 * Whether `a` is older than `b`. An object without a creation time is not created yet (an action checking a
 * draft), so it is the newer one; equal times fall back to the name, so the order is total.
 */
export function isOlder(a: { readonly metadata: MetadataInput }, b: { readonly metadata: MetadataInput }): boolean {
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) {
    if (at === '') return false;
    if (bt === '') return true;
    return at < bt;
  }
  return a.metadata.name < b.metadata.name;
}
