import type { FieldCause } from '../api-error.js';
import { kindInfoFor } from '../kinds/registry.js';
import type { KubeObject } from '../types.js';
import { checkAgainstSchema } from './check-schema.js';
import type { NameRule } from './object-meta-rules.js';
import { checkObjectMeta } from './object-meta-rules.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { schemaFor } from './schema-lookup.js';

export { pruneObject } from './prune.js';

/** Name rules per kind, as the API server's own validation applies them (default: DNS-1123 subdomain). */
const nameRules: Readonly<Record<string, NameRule>> = {
  Namespace: 'dns1123-label',
  Service: 'dns1035-label',
};

/**
 * What a Kubernetes API server would reject in `obj`, as field causes worded like its messages
 * (`spec.id: Invalid value: 5000: spec.id in body should be less than or equal to 4095`); empty when valid.
 *
 * Checks metadata (name, namespace, labels, annotations) for every kind, and the body against the kind's
 * OpenAPI v3 schema: kovn's CRDs (`deploy/crds/`) for kubeovn.io kinds, lenient required-field schemas for
 * built-in kinds. Pass `oldObj` (the stored object) on update so that immutable fields (`self == oldSelf`) are
 * enforced. Does not prune: call `pruneObject(obj)` (re-exported here) before storing, as a server drops unknown
 * fields of custom resources and fills schema defaults. Unknown kinds get the metadata checks only.
 */
export function validateObject(obj: KubeObject, oldObj?: KubeObject): FieldCause[] {
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    return [{ field: '', reason: 'FieldValueInvalid', message: 'object: must be a JSON object' }];
  }
  const causes: FieldCause[] = [];
  if (typeof obj.apiVersion !== 'string' || !obj.apiVersion) causes.push(required('apiVersion'));
  if (typeof obj.kind !== 'string' || !obj.kind) causes.push(required('kind'));
  const info = kindInfoFor(obj.apiVersion, obj.kind);
  const nameRule = nameRules[obj.kind] ?? 'dns1123-subdomain';
  causes.push(...checkObjectMeta(obj.metadata, { nameRule, namespaced: info?.namespaced ?? true }));
  const schema = schemaFor(obj.apiVersion, obj.kind);
  if (!schema) return causes;
  causes.push(...checkNameSchema(obj, schema));
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...body } = obj;
  let oldBody: Record<string, unknown> | undefined;
  if (oldObj) {
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = oldObj;
    oldBody = rest;
  }
  causes.push(...checkAgainstSchema(body, schema, '', oldBody));
  return causes;
}

/** CRDs may narrow `metadata.name` (Kube-OVN: provider-network names ≤ 12 chars, subnet names not starting with a digit). */
function checkNameSchema(obj: KubeObject, schema: OpenApiSchema): FieldCause[] {
  const nameSchema = schema.properties?.metadata?.properties?.name;
  const name = obj.metadata?.name;
  if (!nameSchema || typeof name !== 'string' || !name) return [];
  return checkAgainstSchema(name, nameSchema, 'metadata.name');
}

function required(field: string): FieldCause {
  return { field, reason: 'FieldValueRequired', message: `${field}: Required value` };
}
