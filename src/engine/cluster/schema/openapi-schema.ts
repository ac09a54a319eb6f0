/** The subset of OpenAPI v3 (as a CRD's `openAPIV3Schema` allows it) that kovn's validator understands. */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, OpenApiSchema>;
  additionalProperties?: OpenApiSchema | boolean;
  items?: OpenApiSchema;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  nullable?: boolean;
  anyOf?: OpenApiSchema[];
  not?: OpenApiSchema;
  /** CEL rules; kovn evaluates only the transition rule `self == oldSelf` (immutable field), see check-schema.ts. */
  'x-kubernetes-validations'?: { rule: string; message?: string; messageExpression?: string; reason?: string }[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
}
