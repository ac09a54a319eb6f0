import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../types.js';
import type { OpenApiSchema } from './openapi-schema.js';

/**
 * kovn's CustomResourceDefinitions, read once from `deploy/crds/*.yaml`: the same files `kubectl apply`
 * installs in a real cluster, so the embedded store rejects exactly what a real API server would.
 */

/** `deploy/crds/` relative to this file, from `src/engine/cluster/schema/` and from `dist/engine/cluster/schema/`. */
export const crdDirectory = fileURLToPath(new URL('../../../../deploy/crds/', import.meta.url));

export interface CrdVersionSchema {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly schema: OpenApiSchema;
}

let cachedCrds: readonly KubeObject[] | undefined;
let cachedSchemas: ReadonlyMap<string, CrdVersionSchema> | undefined;

/** Every CustomResourceDefinition object in `deploy/crds/`, in file-name order. */
export function kovnCrds(): readonly KubeObject[] {
  if (!cachedCrds) cachedCrds = Object.freeze(loadCrds(crdDirectory));
  return cachedCrds;
}

function loadCrds(directory: string): KubeObject[] {
  const files = readdirSync(directory)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort();
  const crds: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(`${directory}${file}`, 'utf8'))) {
      if (doc.errors.length) throw new Error(`${directory}${file}: ${doc.errors[0].message}`);
      const obj = doc.toJS() as KubeObject | null;
      if (obj && obj.kind === 'CustomResourceDefinition') crds.push(obj);
    }
  }
  return crds;
}

interface CrdSpec {
  group: string;
  names: { kind: string };
  versions: { name: string; schema?: { openAPIV3Schema?: OpenApiSchema } }[];
}

/** The schema of `apiVersion` + `kind` from kovn's CRDs; undefined for kinds kovn does not define. */
export function crdSchemaFor(apiVersion: string, kind: string): CrdVersionSchema | undefined {
  if (!cachedSchemas) {
    const map = new Map<string, CrdVersionSchema>();
    for (const crd of kovnCrds()) {
      const spec = crd.spec as CrdSpec;
      for (const version of spec.versions) {
        const schema = version.schema?.openAPIV3Schema;
        if (!schema) continue;
        map.set(`${spec.group}/${version.name}/${spec.names.kind}`, { group: spec.group, version: version.name, kind: spec.names.kind, schema });
      }
    }
    cachedSchemas = map;
  }
  return cachedSchemas.get(`${apiVersion}/${kind}`);
}
