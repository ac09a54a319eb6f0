import { createHash } from 'node:crypto';
import { schemaFor } from '../schema/schema-lookup.js';
import type { KindInfo } from '../types.js';

/**
 * OpenAPI v3 documents, as far as kubectl needs them: `/openapi/v3` lists one document per group-version, and
 * each document's PATCH operations declare the `fieldValidation` parameter, which tells kubectl to let the
 * server validate (kubectl's default `--validate=strict`) instead of validating from OpenAPI v2. Schemas come
 * from the kinds' CRDs and kovn's built-in schemas (for `kubectl explain`).
 *
 * Built-in kinds do not list the strategic-merge content type, so kubectl computes their strategic merge
 * patches from its compiled-in types (which know every merge key) rather than from these lenient schemas.
 * `/openapi/v2` is not served (404): kubectl then falls back as described.
 */
export function openApiResponse(path: string, kinds: readonly KindInfo[]): Record<string, unknown> | undefined {
  if (path === '/openapi/v3') return openApiRoot(kinds);
  const m = /^\/openapi\/v3\/(api\/v1|apis\/[^/]+\/[^/]+)$/.exec(path);
  if (!m) return undefined;
  const gv = m[1] === 'api/v1' ? { group: '', version: 'v1' } : { group: m[1].split('/')[1], version: m[1].split('/')[2] };
  const served = kinds.filter((k) => k.group === gv.group && k.version === gv.version);
  return served.length ? groupVersionDocument(served) : undefined;
}

function groupVersionPaths(kinds: readonly KindInfo[]): string[] {
  const paths = new Set<string>();
  for (const k of kinds) paths.add(k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`);
  return [...paths];
}

function openApiRoot(kinds: readonly KindInfo[]): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const p of groupVersionPaths(kinds)) {
    const served = kinds.filter((k) => (k.group ? `apis/${k.group}/${k.version}` : `api/${k.version}`) === p);
    const hash = createHash('sha256').update(JSON.stringify(groupVersionDocument(served))).digest('hex').slice(0, 32).toUpperCase();
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
  }
  return { paths };
}

function schemaName(k: KindInfo): string {
  const group = k.group ? k.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${group}.${k.version}.${k.kind}`;
}

const queryParameters = ['dryRun', 'fieldManager', 'fieldValidation', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}));

function operation(k: KindInfo, action: string, withBody: boolean, patchTypes: string[] = []): Record<string, unknown> {
  const ref = { $ref: `#/components/schemas/${schemaName(k)}` };
  const body = patchTypes.length
    ? { content: Object.fromEntries(patchTypes.map((t) => [t, { schema: { type: 'object' } }])), required: true }
    : { content: { 'application/json': { schema: ref } }, required: true };
  return {
    operationId: `${action}${k.kind}`,
    parameters: withBody ? queryParameters : [],
    ...(withBody ? { requestBody: body } : {}),
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: k.group, version: k.version, kind: k.kind },
  };
}

function groupVersionDocument(kinds: readonly KindInfo[]): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const k of kinds) {
    const prefix = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
    const collection = k.namespaced ? `${prefix}/namespaces/{namespace}/${k.plural}` : `${prefix}/${k.plural}`;
    const patchTypes = ['application/json-patch+json', 'application/merge-patch+json'];
    paths[collection] = { get: operation(k, 'list', false), post: operation(k, 'post', true) };
    paths[`${collection}/{name}`] = {
      get: operation(k, 'get', false),
      put: operation(k, 'put', true),
      patch: operation(k, 'patch', true, patchTypes),
      delete: operation(k, 'delete', false),
    };
    if (k.hasStatus) paths[`${collection}/{name}/status`] = { get: operation(k, 'get', false), put: operation(k, 'put', true), patch: operation(k, 'patch', true, patchTypes) };
    const apiVersion = k.group ? `${k.group}/${k.version}` : k.version;
    schemas[schemaName(k)] = {
      ...(schemaFor(apiVersion, k.kind) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
      'x-kubernetes-group-version-kind': [{ group: k.group, version: k.version, kind: k.kind }],
    };
  }
  return { openapi: '3.0.0', info: { title: 'kovn', version: 'v1.32.0' }, paths, components: { schemas } };
}
