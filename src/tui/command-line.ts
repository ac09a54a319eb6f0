import { views } from '../views/view-registry.js';
import { openView } from './navigation.js';
import { flash, type TuiStore } from './store.js';

const QUIT = ['q', 'quit', 'q!'];

/** Every word `:` accepts: view names first, then their aliases, then quit. */
export function commandWords(): string[] {
  return [...views.map((v) => v.name), ...views.flatMap((v) => v.aliases), ...QUIT];
}

/** Tab completion: the shortest known word that starts with what was typed (unchanged when none does). */
export function completeCommand(input: string): string {
  const typed = input.trim().toLowerCase();
  if (!typed) return input;
  const match = commandWords()
    .filter((w) => w.startsWith(typed))
    .sort((a, b) => a.length - b.length)[0];
  return match ?? input;
}

/** Runs a `:` command; unknown words leave a message naming them and the known views. */
export function runCommand(store: TuiStore, text: string): void {
  const word = text.trim();
  store.setState((s) => ({ mode: 'normal', input: '', history: word ? [...s.history.filter((h) => h !== word), word].slice(-50) : s.history }));
  if (!word) return;
  if (QUIT.includes(word.toLowerCase())) {
    store.setState({ quit: true });
    return;
  }
  if (!openView(store, word)) {
    flash(store, `unknown command ":${word}" (views: ${views.map((v) => `:${v.name}`).join(' ')}, :q)`, 'error');
  }
}

/** Up/Down on the `:` line walk the history; `step` is -1 (older) or +1 (newer). */
export function historyStep(history: readonly string[], current: string, step: -1 | 1): string {
  const at = history.lastIndexOf(current);
  const index = at === -1 ? (step === -1 ? history.length - 1 : -1) : at + step;
  if (index < 0) return history[0] ?? current;
  if (index >= history.length) return '';
  return history[index];
}
