import { randomUUID, randomInt } from 'node:crypto';
import type { KubeObject } from '../types.js';

/** Kubernetes timestamps have second precision: `2026-01-02T03:04:05Z`. */
export function kubeTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// The alphabet Kubernetes uses for generated name suffixes (no vowels, no look-alikes).
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `generateName` + five random characters, as the API server completes it. */
export function generatedName(prefix: string): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return prefix + suffix;
}

export function newUid(): string {
  return randomUUID();
}

/** The part of an object whose change bumps `metadata.generation`: all but metadata (and status, when separate). */
export function generationRelevant(obj: KubeObject, statusIsSeparate: boolean): string {
  const { metadata: _m, status, ...rest } = obj;
  return JSON.stringify(statusIsSeparate ? rest : { ...rest, status });
}

/** A JSON-only deep copy (drops `undefined` and functions), so the store holds plain data only. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
