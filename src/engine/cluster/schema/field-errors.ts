import type { FieldCause } from '../api-error.js';

/**
 * Field errors worded as the Kubernetes API server words them (k8s.io/apimachinery field.Error), so that a
 * message from the lab reads exactly like one from a real cluster: `<field>: <kind>: <value>: <detail>`.
 */

/** Go's %v rendering of a JSON value inside a message: strings quoted, numbers and booleans bare. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function cause(field: string, reason: string, message: string): FieldCause {
  return { field, reason, message: `${field}: ${message}` };
}

export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  return cause(field, 'FieldValueInvalid', `Invalid value: ${showValue(value)}: ${detail}`);
}

export function requiredValue(field: string, detail = ''): FieldCause {
  return cause(field, 'FieldValueRequired', detail ? `Required value: ${detail}` : 'Required value');
}

export function unsupportedValue(field: string, value: unknown, supported: readonly unknown[]): FieldCause {
  const list = supported.map(showValue).join(', ');
  return cause(field, 'FieldValueNotSupported', `Unsupported value: ${showValue(value)}: supported values: ${list}`);
}

export function typeInvalid(field: string, actualType: string, expectedType: string): FieldCause {
  return cause(
    field,
    'FieldValueTypeInvalid',
    `Invalid value: "${actualType}": ${field} in body must be of type ${expectedType}: "${actualType}"`,
  );
}

export function tooLong(field: string, maxLength: number): FieldCause {
  return cause(field, 'FieldValueTooLong', `Too long: may not be longer than ${maxLength}`);
}

export function tooMany(field: string, actual: number, max: number): FieldCause {
  return cause(field, 'FieldValueTooMany', `Too many: ${actual}: must have at most ${max} items`);
}

export function forbidden(field: string, detail: string): FieldCause {
  return cause(field, 'FieldValueForbidden', `Forbidden: ${detail}`);
}
