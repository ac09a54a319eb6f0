import type { KeyPress } from '../key-name.js';
import { flash, type TuiStore } from '../store.js';
import { attemptSubmit, editedValue, isLastField, moveField, moveLine, openFormState, withValues } from './form-state.js';
import type { FormSpec, FormState } from './form-types.js';

/** Shows `spec` in place of the table; keys go to the form until it is submitted or cancelled. */
export function openForm(store: TuiStore, spec: FormSpec): void {
  store.setState({ mode: 'form', form: openFormState(spec) });
}

/** Leaves the form; by default back to the table with "cancelled". */
export function cancelForm(store: TuiStore): void {
  const form = store.getState().form;
  store.setState({ mode: 'normal', form: undefined });
  if (form?.spec.cancel) form.spec.cancel(store);
  else flash(store, 'cancelled');
}

/** Submits when every field passes its check; otherwise focuses the first field with a problem. */
export function submitForm(store: TuiStore): void {
  const current = store.getState().form;
  if (!current) return;
  const { form, ok } = attemptSubmit(current);
  store.setState({ form });
  if (ok) form.spec.submit(form.values, store);
}

/** Routes one key in form mode; reads the form from the store, so keys of a burst each see the last state. */
export function formKey(store: TuiStore, press: KeyPress): void {
  const form = store.getState().form;
  if (!form) return store.setState({ mode: 'normal' });
  const set = (next: FormState) => store.setState({ form: next });
  switch (press.name) {
    case 'esc':
      return cancelForm(store);
    case 'ctrl-s':
      return submitForm(store);
    case 'tab':
      return set(moveField(form, 1));
    case 'shift-tab':
      return set(moveField(form, -1));
    case 'down':
      return set(moveLine(form, 1));
    case 'up':
      return set(moveLine(form, -1));
    case 'enter':
      return isLastField(form) ? submitForm(store) : set(moveField(form, 1));
  }
  const value = editedValue(form, press);
  if (value !== undefined) set(withValues(form, { ...form.values, [form.focus]: value }));
}
