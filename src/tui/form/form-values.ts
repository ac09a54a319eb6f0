import type { FormValues, PickedItem } from './form-types.js';

/** The text of a text or choice field ('' when unset). */
export function textOf(values: FormValues, id: string): string {
  const v = values[id];
  return typeof v === 'string' ? v : '';
}

export function flagOf(values: FormValues, id: string): boolean {
  return values[id] === true;
}

export function pickedOf(values: FormValues, id: string): readonly PickedItem[] {
  const v = values[id];
  return Array.isArray(v) ? (v as readonly PickedItem[]) : [];
}

/** `a, b ,c` → `['a', 'b', 'c']` (empty entries dropped). */
export function listOf(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
