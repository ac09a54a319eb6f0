import { coreSchemas } from './core-schemas.js';
import { crdSchemaFor } from './crd-schemas.js';
import type { OpenApiSchema } from './openapi-schema.js';

/** The schema of `apiVersion` + `kind`: kovn's CRDs for kubeovn.io, the lenient built-in schemas otherwise. */
export function schemaFor(apiVersion: string, kind: string): OpenApiSchema | undefined {
  return coreSchemas[`${apiVersion}/${kind}`] ?? crdSchemaFor(apiVersion, kind)?.schema;
}
