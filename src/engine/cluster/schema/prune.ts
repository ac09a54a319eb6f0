import type { KubeObject } from '../types.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { schemaFor } from './schema-lookup.js';

/**
 * Drops the fields a kind's structural schema does not declare, as a Kubernetes API server does for custom
 * resources (and then applies the schema's `default`s to absent fields). `apiVersion`, `kind` and `metadata` are
 * always kept. Objects of kinds without a schema, and subtrees marked `x-kubernetes-preserve-unknown-fields`,
 * are returned unchanged. Never mutates its argument.
 */
export function pruneObject<T extends KubeObject>(obj: T): T {
  const schema = schemaFor(obj.apiVersion, obj.kind);
  if (!schema) return obj;
  const pruned = pruneValue(obj, schema) as T;
  return { ...pruned, apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
}

function pruneValue(value: unknown, schema: OpenApiSchema): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.map((item) => pruneValue(item, items)) : value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value as Record<string, unknown>)) {
    const fieldSchema = schema.properties?.[name] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (fieldSchema) out[name] = pruneValue(field, fieldSchema);
    else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields']) out[name] = field;
  }
  for (const [name, fieldSchema] of Object.entries(schema.properties ?? {})) {
    if (out[name] === undefined && fieldSchema.default !== undefined) out[name] = structuredClone(fieldSchema.default);
  }
  return out;
}
