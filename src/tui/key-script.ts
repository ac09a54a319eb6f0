/**
 * The `--keys` script language: plain text is typed as is; `<name>` is a named key; `<wait:TEXT>` waits until
 * TEXT is on screen; `<sleep:MS>` pauses; `<lt>` types a literal `<`.
 */
export type ScriptStep =
  | { readonly kind: 'key'; readonly label: string; readonly bytes: string }
  | { readonly kind: 'wait'; readonly text: string }
  | { readonly kind: 'sleep'; readonly ms: number };

export const NAMED_KEYS: Readonly<Record<string, string>> = {
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  'shift-tab': '\u001B[Z',
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pgup: '\u001B[5~',
  pgdn: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  bs: '\u007F',
  backspace: '\u007F',
  space: ' ',
  lt: '<',
  'ctrl-c': '\u0003',
  // Submits a form (plans the action) from any field.
  'ctrl-s': '\u0013',
};

export class KeyScriptError extends Error {
  override readonly name = 'KeyScriptError';
}

/** Parses a script; an unknown `<name>` is an error naming it and the known ones. */
export function parseKeyScript(script: string): ScriptStep[] {
  const steps: ScriptStep[] = [];
  let i = 0;
  while (i < script.length) {
    const ch = script[i];
    const close = ch === '<' ? script.indexOf('>', i) : -1;
    if (close === -1) {
      steps.push({ kind: 'key', label: ch, bytes: ch });
      i += 1;
      continue;
    }
    const token = script.slice(i + 1, close);
    i = close + 1;
    if (token.startsWith('wait:')) steps.push({ kind: 'wait', text: token.slice(5) });
    else if (token.startsWith('sleep:') && /^\d+$/.test(token.slice(6))) steps.push({ kind: 'sleep', ms: Number(token.slice(6)) });
    else if (token.toLowerCase() in NAMED_KEYS) steps.push({ kind: 'key', label: `<${token}>`, bytes: NAMED_KEYS[token.toLowerCase()] });
    else throw new KeyScriptError(`unknown key "<${token}>" in --keys (known: ${Object.keys(NAMED_KEYS).map((k) => `<${k}>`).join(' ')}, <wait:TEXT>, <sleep:MS>)`);
  }
  return steps;
}

export const KEY_SCRIPT_HELP = `--keys SCRIPT drives the UI without a terminal and prints the final screen (--frames: every screen).
  text            typed as is (j, k, /, :subnet …)
  <enter> <esc> <tab> <shift-tab> <up> <down> <left> <right> <pgup> <pgdn> <home> <end> <bs> <space>
  <ctrl-s> (submits a form) <lt> (a literal <)
  <wait:TEXT>     wait (up to 10 s) until TEXT (without '>') is on screen; exit code 1 if it never appears
  <sleep:MS>      pause
  example: kovn --keys '<wait:ovn-default>/default<enter><enter><wait:Ports>y'`;
