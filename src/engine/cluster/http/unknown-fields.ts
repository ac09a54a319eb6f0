/**
 * Fields present in `original` but dropped from `pruned` (by schema pruning), as dotted paths
 * (`spec.foo`, `spec.ports[0].bar`): what a strict field validation reports as unknown.
 */
export function unknownFields(original: unknown, pruned: unknown, path = ''): string[] {
  if (Array.isArray(original)) {
    if (!Array.isArray(pruned)) return [];
    return original.flatMap((item, i) => unknownFields(item, pruned[i], `${path}[${i}]`));
  }
  if (!isRecord(original) || !isRecord(pruned)) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(original)) {
    const child = path ? `${path}.${key}` : key;
    if (!(key in pruned)) found.push(child);
    else found.push(...unknownFields(value, pruned[key], child));
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
