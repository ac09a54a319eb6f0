import { readFileSync } from 'node:fs';

/** Where a command writes and reads, so that tests can run commands in-process and read what they printed. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** All of standard input (for `-f -`). */
  readStdin(): string;
}

export const processIo: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
};

/** An in-memory CommandIo: stdin from a string, output collected. */
export function bufferIo(stdin = ''): CommandIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    readStdin: () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}
