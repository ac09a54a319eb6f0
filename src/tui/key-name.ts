import type { Key } from 'ink';

/**
 * One name per key press: `enter`, `esc`, `up`, `down`, `pgup`, `pgdn`, `home`, `end`, `tab`, `backspace`,
 * `ctrl-x`, or the typed character. Ink 6 reports Backspace (0x7F) as `key.delete` and sets `meta` on Escape.
 */
export function keyName(input: string, key: Key): string {
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pgup';
  if (key.pageDown) return 'pgdn';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input}`;
  return input;
}

/** A key press: its name, and the typed text when it is a printable character. */
export interface KeyPress {
  readonly name: string;
  readonly text?: string;
}

export function keyPress(input: string, key: Key): KeyPress {
  const name = keyName(input, key);
  return name === input && !key.ctrl && !key.meta ? { name, text: input } : { name };
}

/** The press of one character of a burst: control characters get their key names. */
function characterPress(ch: string): KeyPress {
  if (ch === '\r' || ch === '\n') return { name: 'enter' };
  if (ch === '\t') return { name: 'tab' };
  if (ch === '\u007F' || ch === '\b') return { name: 'backspace' };
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20) return { name: `ctrl-${String.fromCodePoint(code + 0x60)}` };
  return { name: ch, text: ch };
}

/**
 * The key presses in one input event. Ink hands a burst of plain characters (typed faster than the terminal
 * is read, pasted, or sent by tmux in one write, e.g. `:subnet\r`) to `useInput` as a single string with no
 * key flags; read as one key it matched no binding and was lost. Split it into one press per character
 * (escape sequences are already separated by Ink's input parser).
 */
export function keyPresses(input: string, key: Key): KeyPress[] {
  const chars = [...input];
  const plain = !key.ctrl && !key.meta && !key.return && !key.tab && !key.backspace && !key.delete;
  if (chars.length <= 1 || !plain) return [keyPress(input, key)];
  return chars.map(characterPress);
}
