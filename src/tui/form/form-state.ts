/** Pure steps of a form: focus moves, edits by key, the problems to show. The store holds the result. */
import type { KeyPress } from '../key-name.js';
import type { FieldValue, FormField, FormSpec, FormState, FormValues, PickField, PickedItem } from './form-types.js';
import { pickedOf, textOf } from './form-values.js';

export function visibleFields(form: Pick<FormState, 'spec' | 'values'>): FormField[] {
  return form.spec.fields.filter((f) => !f.visible || f.visible(form.values));
}

export function focusedField(form: FormState): FormField | undefined {
  return visibleFields(form).find((f) => f.id === form.focus);
}

export function openFormState(spec: FormSpec): FormState {
  const form = { spec, values: spec.initial };
  return { ...form, focus: visibleFields(form)[0]?.id ?? '', item: 0, problems: spec.check(spec.initial), triedSubmit: false };
}

/** New values: problems re-checked; focus kept on a field that is still visible. */
export function withValues(form: FormState, values: FormValues): FormState {
  const next = { ...form, values, problems: form.spec.check(values), status: undefined };
  const fields = visibleFields(next);
  if (fields.some((f) => f.id === form.focus)) return next;
  return { ...next, focus: fields[0]?.id ?? '', item: 0 };
}

function isEmpty(value: FieldValue | undefined): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Problems to show by field: those of empty fields only after a submit was tried. */
export function shownProblems(form: FormState): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const field of visibleFields(form)) {
    const problem = form.problems[field.id];
    if (problem && (form.triedSubmit || !isEmpty(form.values[field.id]))) shown[field.id] = problem;
  }
  return shown;
}

/** Tab / Shift-Tab: the next or previous visible field (wrapping), items of a pick field start at the top. */
export function moveField(form: FormState, step: 1 | -1): FormState {
  const fields = visibleFields(form);
  const at = fields.findIndex((f) => f.id === form.focus);
  const next = fields[(at + step + fields.length) % fields.length];
  const item = next?.kind === 'pick' && step === -1 ? Math.max(0, next.options.length - 1) : 0;
  return { ...form, focus: next?.id ?? form.focus, item };
}

/** Down / Up: through the items of a pick field first, then to the next or previous field. */
export function moveLine(form: FormState, step: 1 | -1): FormState {
  const field = focusedField(form);
  if (field?.kind === 'pick') {
    const item = form.item + step;
    if (item >= 0 && item < field.options.length) return { ...form, item };
  }
  return moveField(form, step);
}

export function isLastField(form: FormState): boolean {
  const fields = visibleFields(form);
  return fields[fields.length - 1]?.id === form.focus;
}

function cycle(options: readonly string[], current: string, step: number): string {
  const at = options.indexOf(current);
  return options[(Math.max(0, at) + step + options.length) % options.length] ?? current;
}

function editText(text: string, press: KeyPress): string | undefined {
  if (press.name === 'backspace') return text.slice(0, -1);
  if (press.text !== undefined) return text + press.text;
  return undefined;
}

function editPick(field: PickField, picked: readonly PickedItem[], item: number, press: KeyPress): readonly PickedItem[] | undefined {
  const value = field.options[item]?.value;
  if (value === undefined) return undefined;
  const current = picked.find((p) => p.value === value);
  if (press.name === ' ') return current ? picked.filter((p) => p !== current) : [...picked, { value, text: '' }];
  if (!field.itemText) return undefined;
  const text = editText(current?.text ?? '', press);
  if (text === undefined) return undefined;
  return current ? picked.map((p) => (p === current ? { value, text } : p)) : [...picked, { value, text }];
}

/** The focused field's new value after `press`, or undefined when the key does not edit it. */
export function editedValue(form: FormState, press: KeyPress): FieldValue | undefined {
  const field = focusedField(form);
  if (!field) return undefined;
  const value = form.values[field.id];
  switch (field.kind) {
    case 'text':
      return editText(textOf(form.values, field.id), press);
    case 'choice': {
      const step = press.name === 'left' ? -1 : press.name === 'right' || press.name === ' ' ? 1 : 0;
      return step === 0 ? undefined : cycle(field.options, textOf(form.values, field.id), step);
    }
    case 'toggle':
      return press.name === ' ' || press.name === 'left' || press.name === 'right' ? value !== true : undefined;
    case 'pick':
      return editPick(field, pickedOf(form.values, field.id), form.item, press);
  }
}

/** Marks a submit attempt; when problems remain, focus goes to the first field that has one. */
export function attemptSubmit(form: FormState): { form: FormState; ok: boolean } {
  const tried = { ...form, triedSubmit: true, problems: form.spec.check(form.values) };
  const first = visibleFields(tried).find((f) => shownProblems(tried)[f.id]);
  if (!first) return { form: tried, ok: true };
  return { form: { ...tried, focus: first.id, item: 0, status: { text: `fix the fields marked ✗ first (${first.label})`, level: 'error' } }, ok: false };
}
