/** The lines of a form, as a pure function of its state (the component only colours and windows them). */
import { shownProblems, visibleFields } from './form-state.js';
import type { FormField, FormState, PickField } from './form-types.js';
import { flagOf, pickedOf, textOf } from './form-values.js';

export interface FormLine {
  readonly text: string;
  /** The line the cursor is on. */
  readonly focused: boolean;
  readonly level?: 'error' | 'info';
}

const LABEL_WIDTH = 20;
/** Items of a pick field shown at once, around its cursor. */
export const PICK_WINDOW = 8;
const CURSOR = '█';

function choiceText(options: readonly string[], value: string): string {
  if (options.length <= 4) return options.map((o) => (o === value ? `[${o}]` : o)).join('  ');
  return `◂ ${value} ▸  (${options.indexOf(value) + 1}/${options.length})`;
}

function valueText(form: FormState, field: FormField, focused: boolean): string {
  switch (field.kind) {
    case 'text': {
      const text = textOf(form.values, field.id);
      if (text === '' && field.placeholder) return `${focused ? CURSOR : ''}(${field.placeholder})`;
      return `${text}${focused ? CURSOR : ''}`;
    }
    case 'choice':
      return choiceText(field.options, textOf(form.values, field.id));
    case 'toggle':
      return flagOf(form.values, field.id) ? '[x] on' : '[ ] off';
    case 'pick': {
      const picked = pickedOf(form.values, field.id);
      return picked.length === 0 ? '(none picked)' : picked.map((p) => (p.text ? `${p.value}=${p.text}` : p.value)).join(', ');
    }
  }
}

function pickItemLines(form: FormState, field: PickField, focused: boolean): FormLine[] {
  const picked = pickedOf(form.values, field.id);
  const start = Math.max(0, Math.min(form.item - Math.floor(PICK_WINDOW / 2), field.options.length - PICK_WINDOW));
  const lines = field.options.slice(start, start + PICK_WINDOW).map((option, i) => {
    const at = focused && start + i === form.item;
    const choice = picked.find((p) => p.value === option.value);
    const order = choice ? `${picked.indexOf(choice) + 1}.` : '  ';
    const text = field.itemText && (choice || at) ? `   ${field.itemText}: ${choice?.text ?? ''}${at ? CURSOR : ''}` : '';
    const note = option.note ? `  (${option.note})` : '';
    return { text: `${at ? '>' : ' '}   ${choice ? '[x]' : '[ ]'} ${order} ${option.value}${note}${text}`, focused: at };
  });
  if (field.options.length === 0) lines.push({ text: '     (nothing to pick)', focused: false });
  if (field.options.length > PICK_WINDOW) lines.push({ text: `     ${start + 1}-${start + PICK_WINDOW} of ${field.options.length}`, focused: false });
  return lines;
}

/** One line per field (a pick field adds one per item), a problem next to its field, and the status line. */
export function formLines(form: FormState): FormLine[] {
  const problems = shownProblems(form);
  const lines: FormLine[] = [];
  for (const field of visibleFields(form)) {
    const focused = field.id === form.focus;
    const problem = problems[field.id];
    const marker = focused && field.kind !== 'pick' ? '>' : ' ';
    const label = field.label.padEnd(LABEL_WIDTH);
    lines.push({ text: `${marker} ${label}${valueText(form, field, focused)}${problem ? `   ✗ ${problem}` : ''}`, focused: focused && field.kind !== 'pick', ...(problem ? { level: 'error' as const } : {}) });
    if (field.kind === 'pick') lines.push(...pickItemLines(form, field, focused));
  }
  if (form.status) lines.push({ text: '', focused: false }, { text: `  ${form.status.text}`, focused: false, level: form.status.level });
  return lines;
}

/** The key hints of a form, for the bottom line (the most needed first: it is cut at the terminal's width). */
export function formHints(form: FormState): string {
  const field = visibleFields(form).find((f) => f.id === form.focus);
  const change = field?.kind === 'text' ? '' : field?.kind === 'pick' ? `<space> pick${field.itemText ? ` (then type its ${field.itemText})` : ''}  ` : '<space> change  ';
  return `${change}<tab> next  <shift-tab> back  <enter> next/plan  <ctrl-s> plan  <esc> cancel`;
}
