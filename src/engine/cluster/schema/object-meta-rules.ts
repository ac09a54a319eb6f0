import type { FieldCause } from '../api-error.js';
import type { ObjectMeta } from '../types.js';
import { invalidValue, requiredValue, tooLong } from './field-errors.js';

/**
 * The metadata rules a Kubernetes API server applies to every object (apimachinery validation), with its
 * exact wording: names, namespace, label keys and values, annotation keys and size.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const anchored = (re: string): RegExp => new RegExp(`^${re}$`);

export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

/** The problems with `value` as a name of the given rule; empty when it is valid. */
export function nameProblems(value: string, rule: NameRule): string[] {
  const problems: string[] = [];
  if (rule === 'dns1123-subdomain') {
    if (value.length > 253) problems.push('must be no more than 253 characters');
    if (!anchored(DNS1123_SUBDOMAIN).test(value)) {
      problems.push(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must " +
          `start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '${DNS1123_SUBDOMAIN}')`,
      );
    }
  } else if (rule === 'dns1123-label') {
    if (value.length > 63) problems.push('must be no more than 63 characters');
    if (!anchored(DNS1123_LABEL).test(value)) {
      problems.push(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and " +
          `end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '${DNS1123_LABEL}')`,
      );
    }
  } else {
    if (value.length > 63) problems.push('must be no more than 63 characters');
    if (!anchored(DNS1035_LABEL).test(value)) {
      problems.push(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic " +
          `character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '${DNS1035_LABEL}')`,
      );
    }
  }
  return problems;
}

/** Problems with a label or annotation key: `[prefix/]name`, prefix a DNS subdomain, name a qualified name. */
export function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
        "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
        `'${QUALIFIED_NAME}') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const name = parts.length === 2 ? parts[1] : parts[0];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  const problems: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else problems.push(...nameProblems(prefix, 'dns1123-subdomain').map((p) => `prefix part ${p}`));
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else if (name.length > 63) problems.push('name part must be no more than 63 characters');
  if (name.length > 0 && !anchored(QUALIFIED_NAME).test(name)) {
    problems.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
        `alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '${QUALIFIED_NAME}')`,
    );
  }
  return problems;
}

export function labelValueProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 63) problems.push('must be no more than 63 characters');
  if (!anchored(LABEL_VALUE).test(value)) {
    problems.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must " +
        "start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for " +
        `validation is '${LABEL_VALUE}')`,
    );
  }
  return problems;
}

/** Kubernetes caps the total size of all annotations of one object at 256 KiB. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export interface MetaRules {
  readonly nameRule: NameRule;
  readonly namespaced: boolean;
}

export function checkObjectMeta(meta: ObjectMeta | undefined, rules: MetaRules): FieldCause[] {
  if (meta === undefined || meta === null || typeof meta !== 'object') return [requiredValue('metadata')];
  const causes: FieldCause[] = [];
  if (!meta.name) {
    if (!meta.generateName) causes.push(requiredValue('metadata.name', 'name or generateName is required'));
  } else if (typeof meta.name !== 'string') {
    causes.push(invalidValue('metadata.name', meta.name, 'must be a string'));
  } else {
    for (const problem of nameProblems(meta.name, rules.nameRule)) causes.push(invalidValue('metadata.name', meta.name, problem));
  }
  if (meta.namespace && rules.namespaced) {
    for (const problem of nameProblems(meta.namespace, 'dns1123-label')) {
      causes.push(invalidValue('metadata.namespace', meta.namespace, problem));
    }
  }
  causes.push(...checkLabels(meta.labels), ...checkAnnotations(meta.annotations));
  return causes;
}

function checkLabels(labels: Record<string, string> | undefined): FieldCause[] {
  if (labels === undefined || labels === null) return [];
  const causes: FieldCause[] = [];
  for (const [key, value] of Object.entries(labels)) {
    for (const problem of qualifiedNameProblems(key)) causes.push(invalidValue('metadata.labels', key, problem));
    if (typeof value !== 'string') {
      causes.push(invalidValue('metadata.labels', value, 'label values must be strings'));
      continue;
    }
    for (const problem of labelValueProblems(value)) causes.push(invalidValue('metadata.labels', value, problem));
  }
  return causes;
}

function checkAnnotations(annotations: Record<string, string> | undefined): FieldCause[] {
  if (annotations === undefined || annotations === null) return [];
  const causes: FieldCause[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    // Annotation keys are lower-cased before the check, as in apimachinery's ValidateAnnotations.
    for (const problem of qualifiedNameProblems(key.toLowerCase())) causes.push(invalidValue('metadata.annotations', key, problem));
    if (typeof value !== 'string') causes.push(invalidValue(`metadata.annotations[${key}]`, value, 'annotation values must be strings'));
    size += key.length + String(value).length;
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) causes.push(tooLong('metadata.annotations', TOTAL_ANNOTATION_SIZE_LIMIT));
  return causes;
}
