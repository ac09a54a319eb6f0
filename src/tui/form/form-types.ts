/**
 * A multi-field form (the inputs of the write actions): fields are data, values live in the store, keys are
 * routed by `form-keys.ts`, and `form-lines.ts` turns the state into lines. Nothing here knows an action.
 */
import type { TuiStore } from '../store.js';

/** One item picked in a `pick` field, with its optional text (a gateway node's egress IP). */
export interface PickedItem {
  readonly value: string;
  readonly text: string;
}

export type FieldValue = string | boolean | readonly PickedItem[];
export type FormValues = Readonly<Record<string, FieldValue>>;

interface FieldBase {
  /** Key of the value in `FormValues`. */
  readonly id: string;
  readonly label: string;
  /** Shown only when this holds for the current values (e.g. Vlan fields only for underlay). */
  readonly visible?: (values: FormValues) => boolean;
}

/** Free text; `placeholder` is shown while it is empty. */
export interface TextField extends FieldBase {
  readonly kind: 'text';
  readonly placeholder?: string;
}

/** One of `options` (Left/Right/Space cycle). */
export interface ChoiceField extends FieldBase {
  readonly kind: 'choice';
  readonly options: readonly string[];
}

/** On or off (Space, Left/Right). */
export interface ToggleField extends FieldBase {
  readonly kind: 'toggle';
}

/**
 * Several of a list (nodes …), in the order picked: Up/Down walk the items, Space picks, and when `itemText`
 * is set, typing on an item edits its text (picking it).
 */
export interface PickField extends FieldBase {
  readonly kind: 'pick';
  readonly options: readonly { readonly value: string; readonly note?: string }[];
  /** What the per-item text is, e.g. `egress IP`. */
  readonly itemText?: string;
}

export type FormField = TextField | ChoiceField | ToggleField | PickField;

/** What a form is: its fields, their first values, the as-you-type check and what Enter on the last field does. */
export interface FormSpec {
  readonly title: string;
  readonly fields: readonly FormField[];
  readonly initial: FormValues;
  /**
   * Problems by field id for the values so far, one sentence each naming field and value (the actions'
   * `validate*Field` messages). Problems of empty fields are shown only after a submit was tried.
   */
  readonly check: (values: FormValues) => Readonly<Record<string, string>>;
  /** Runs once the values pass `check` (plans the action, or adds a route to a draft …). */
  readonly submit: (values: FormValues, store: TuiStore) => void;
  /** Esc: where to return; by default the table. */
  readonly cancel?: (store: TuiStore) => void;
}

export interface FormState {
  readonly spec: FormSpec;
  readonly values: FormValues;
  /** Id of the focused field. */
  readonly focus: string;
  /** Focused item of a `pick` field. */
  readonly item: number;
  readonly problems: Readonly<Record<string, string>>;
  /** Set by a submit attempt: problems of empty fields are shown from then on. */
  readonly triedSubmit: boolean;
  /** A line under the fields: `planning…`, or why planning failed. */
  readonly status?: { readonly text: string; readonly level: 'info' | 'error' };
}
