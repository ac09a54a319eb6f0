import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink';
import { App } from './components/App.js';
import { HeadlessStdin, HeadlessStdout } from './headless-terminal.js';
import { parseKeyScript, type ScriptStep } from './key-script.js';
import type { TuiStore } from './store.js';

export interface ScriptOptions {
  readonly columns?: number;
  readonly rows?: number;
  /** Print every screen, not only the last. */
  readonly frames?: boolean;
  readonly waitTimeoutMs?: number;
  readonly write?: (text: string) => void;
}

export class ScriptWaitError extends Error {
  override readonly name = 'ScriptWaitError';
}

/** Lets React commit and Ink re-subscribe its input handler. */
async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await sleep(15);
}

/**
 * Runs the same UI headless from a key script: renders into an in-memory terminal, sends each key, and prints
 * the final screen (or every screen). A `<wait:TEXT>` that times out throws ScriptWaitError with the screen.
 */
export async function runKeyScript(store: TuiStore, script: string, options: ScriptOptions = {}): Promise<string> {
  const steps = parseKeyScript(script);
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const stdout = new HeadlessStdout(options.columns ?? 100, options.rows ?? 30);
  const stdin = new HeadlessStdin();
  store.setState({ size: { columns: stdout.columns, rows: stdout.rows } });
  const instance = render(<App store={store} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  let printed = 0;
  const show = (label: string) => {
    if (!options.frames) return;
    write(`--- screen ${++printed} (after ${label}) ---\n${stdout.lastFrame()}\n`);
  };
  try {
    await settle();
    show('start');
    for (const step of steps) {
      await runStep(step, stdin, stdout, options.waitTimeoutMs ?? 10_000);
      show(step.kind === 'key' ? step.label : step.kind === 'wait' ? `<wait:${step.text}>` : `<sleep:${step.ms}>`);
      if (store.getState().quit) break;
    }
    await settle();
    const last = stdout.lastFrame();
    if (!options.frames) write(`${last}\n`);
    return last;
  } finally {
    instance.unmount();
  }
}

async function runStep(step: ScriptStep, stdin: HeadlessStdin, stdout: HeadlessStdout, timeoutMs: number): Promise<void> {
  if (step.kind === 'sleep') return void (await sleep(step.ms));
  if (step.kind === 'key') {
    stdin.send(step.bytes);
    await settle();
    // A lone Esc is told from an escape sequence only after a pause, as in a terminal.
    if (step.bytes === '\u001B') await sleep(30);
    return;
  }
  const end = Date.now() + timeoutMs;
  while (!stdout.lastFrame().includes(step.text)) {
    if (Date.now() > end) {
      throw new ScriptWaitError(`--keys: waited ${timeoutMs / 1000} s for "${step.text}" to appear on screen; it never did. Last screen:\n${stdout.lastFrame()}`);
    }
    await sleep(20);
  }
}
