import type { FieldCause } from '../api-error.js';
import type { OpenApiSchema } from './openapi-schema.js';
import { checkFormat } from './formats.js';
import {
  invalidValue,
  requiredValue,
  showValue,
  tooLong,
  tooMany,
  typeInvalid,
  unsupportedValue,
} from './field-errors.js';

/**
 * Structural validation of a value against an OpenAPI v3 schema, the checks a Kubernetes API server runs on a
 * custom resource: type, required, enum, minimum/maximum, length, items, pattern, format, anyOf and not. Unknown
 * fields are not errors here (the server prunes them; see prune.ts).
 *
 * Of the CEL rules (`x-kubernetes-validations`) only `self == oldSelf` is evaluated, and only when `oldValue` (the
 * stored object, on update) is given: it is how CRDs declare an immutable field. Other rules are ignored.
 */
export function checkAgainstSchema(value: unknown, schema: OpenApiSchema, path: string, oldValue?: unknown): FieldCause[] {
  const causes: FieldCause[] = [];
  visit(value, schema, path, oldValue, causes);
  return causes;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(value: unknown, schema: OpenApiSchema): boolean {
  const actual = jsonTypeOf(value);
  if (schema['x-kubernetes-int-or-string']) return actual === 'integer' || actual === 'string';
  if (!schema.type) return true;
  if (schema.type === 'number') return actual === 'number' || actual === 'integer';
  return actual === schema.type;
}

function visit(value: unknown, schema: OpenApiSchema, path: string, oldValue: unknown, causes: FieldCause[]): void {
  if (value === null) {
    if (!schema.nullable && (schema.type || schema['x-kubernetes-int-or-string'])) {
      causes.push(typeInvalid(path, 'null', schema.type ?? 'string'));
    }
    return;
  }
  if (!typeMatches(value, schema)) {
    causes.push(typeInvalid(path, jsonTypeOf(value), schema['x-kubernetes-int-or-string'] ? 'integer,string' : String(schema.type)));
    return;
  }
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) {
    causes.push(unsupportedValue(path, value, schema.enum));
    return;
  }
  if (typeof value === 'number') checkNumber(value, schema, path, causes);
  else if (typeof value === 'string') checkString(value, schema, path, causes);
  else if (Array.isArray(value)) checkArray(value, schema, path, oldValue, causes);
  else if (typeof value === 'object') checkObject(value as Record<string, unknown>, schema, path, oldValue, causes);
  checkCombinators(value, schema, path, causes);
  checkTransitionRules(value, schema, path, oldValue, causes);
}

function checkCombinators(value: unknown, schema: OpenApiSchema, path: string, causes: FieldCause[]): void {
  if (schema.anyOf && !schema.anyOf.some((branch) => checkAgainstSchema(value, branch, path).length === 0)) {
    causes.push(invalidValue(path, value, `${path} in body must validate at least one schema (anyOf)`));
  }
  if (schema.not && checkAgainstSchema(value, schema.not, path).length === 0) {
    causes.push(invalidValue(path, value, `${path} in body must not validate the schema (not)`));
  }
}

/** `self == oldSelf`: the value may not change once set (CRD transition rule; skipped on create). */
function checkTransitionRules(value: unknown, schema: OpenApiSchema, path: string, oldValue: unknown, causes: FieldCause[]): void {
  if (oldValue === undefined) return;
  for (const rule of schema['x-kubernetes-validations'] ?? []) {
    if (rule.rule.replace(/\s+/g, '') !== 'self==oldSelf') continue;
    if (JSON.stringify(value) !== JSON.stringify(oldValue)) {
      // A real server shows the type, not the value, for CEL failures.
      causes.push({ field: path, reason: 'FieldValueInvalid', message: `${path}: Invalid value: "${jsonTypeOf(value)}": ${rule.message ?? `failed rule: ${rule.rule}`}` });
    }
  }
}

function checkNumber(value: number, schema: OpenApiSchema, path: string, causes: FieldCause[]): void {
  if (schema.maximum !== undefined) {
    const over = schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum;
    if (over) {
      const bound = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
      causes.push(invalidValue(path, value, `${path} in body should be ${bound} ${schema.maximum}`));
    }
  }
  if (schema.minimum !== undefined) {
    const under = schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum;
    if (under) {
      const bound = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      causes.push(invalidValue(path, value, `${path} in body should be ${bound} ${schema.minimum}`));
    }
  }
}

const patternCache = new Map<string, RegExp>();

function compiledPattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    // OpenAPI patterns are unanchored ECMA-262 regexes, as in Kubernetes.
    re = new RegExp(pattern, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

function checkString(value: string, schema: OpenApiSchema, path: string, causes: FieldCause[]): void {
  // Kubernetes counts characters (runes), not UTF-16 units.
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) causes.push(tooLong(path, schema.maxLength));
  if (schema.minLength !== undefined && length < schema.minLength) {
    causes.push(invalidValue(path, value, `${path} in body should be at least ${schema.minLength} chars long`));
  }
  if (schema.pattern !== undefined && !compiledPattern(schema.pattern).test(value)) {
    causes.push(invalidValue(path, value, `${path} in body should match '${schema.pattern}'`));
  }
  if (schema.format !== undefined && !checkFormat(schema.format, value)) {
    causes.push(invalidValue(path, value, `${path} in body must be of type ${schema.format}: ${showValue(value)}`));
  }
}

function checkArray(value: unknown[], schema: OpenApiSchema, path: string, oldValue: unknown, causes: FieldCause[]): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) causes.push(tooMany(path, value.length, schema.maxItems));
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    causes.push(invalidValue(path, value.length, `${path} in body should have at least ${schema.minItems} items`));
  }
  if (schema['x-kubernetes-list-type'] === 'set') {
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const key = JSON.stringify(item);
      if (seen.has(key)) causes.push({ field: `${path}[${i}]`, reason: 'FieldValueDuplicate', message: `${path}[${i}]: Duplicate value: ${showValue(item)}` });
      seen.add(key);
    });
  }
  if (schema.items) {
    const items = schema.items;
    // Transition rules inside lists apply only to same-index items of an unchanged-length list (kovn's simplification).
    const oldItems = Array.isArray(oldValue) && oldValue.length === value.length ? oldValue : [];
    value.forEach((item, i) => visit(item, items, `${path}[${i}]`, oldItems[i], causes));
  }
}

function checkObject(value: Record<string, unknown>, schema: OpenApiSchema, path: string, oldValue: unknown, causes: FieldCause[]): void {
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) causes.push(requiredValue(join(path, name)));
  }
  const old = oldValue !== null && typeof oldValue === 'object' ? (oldValue as Record<string, unknown>) : {};
  for (const [name, field] of Object.entries(value)) {
    if (field === undefined) continue;
    const fieldSchema = schema.properties?.[name] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (fieldSchema) visit(field, fieldSchema, join(path, name), old[name], causes);
  }
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
