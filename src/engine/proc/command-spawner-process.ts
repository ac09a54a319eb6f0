/**
 * The command spawner process: a small long-lived child of a large process (the lab daemon) that runs its short
 * commands. Forking a process with a big heap costs milliseconds of page-table copying and blocks its event
 * loop for that long; forking this one is cheap. Requests come as JSON lines on stdin, one JSON line per
 * finished command goes to stdout (see command-spawner-protocol.ts). Argument arrays only, never a shell.
 * When stdin closes (the parent is gone or done) it kills what still runs and exits.
 * Node built-ins only (and spawn-collected.ts, which uses only them): it must start fast and stay small.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnCollected } from './spawn-collected.js';
import type { SpawnRequest, SpawnResponse } from './command-spawner-protocol.js';

const running = new Set<ChildProcess>();

function reply(response: SpawnResponse): void {
  process.stdout.write(`${JSON.stringify(response)}\n`);
}

function runRequest(request: SpawnRequest): void {
  const child = spawnCollected(request.argv, request, (result) => reply({ id: request.id, ...result }));
  if (!child) return;
  running.add(child);
  const forget = () => running.delete(child);
  child.once('close', forget);
  child.once('error', forget);
}

function handleLine(line: string): void {
  if (!line.trim()) return;
  let request: SpawnRequest;
  try {
    request = JSON.parse(line) as SpawnRequest;
  } catch {
    process.stderr.write(`command spawner: ignoring a request that is not JSON: ${line.slice(0, 200)}\n`);
    return;
  }
  if (!Array.isArray(request.argv) || request.argv.length === 0) {
    reply({ id: request.id, error: 'EINVAL empty argv' });
    return;
  }
  runRequest(request);
}

let buffered = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let newline = buffered.indexOf('\n');
  while (newline >= 0) {
    handleLine(buffered.slice(0, newline));
    buffered = buffered.slice(newline + 1);
    newline = buffered.indexOf('\n');
  }
});
process.stdin.on('end', () => {
  for (const child of running) child.kill('SIGKILL');
  process.exit(0);
});
// The parent stopped reading: nobody wants the results any more.
process.stdout.on('error', () => process.exit(0));
