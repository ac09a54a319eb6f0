/**
 * kovn-cni in Node: the CNI plugin (spec 1.0.0 commands ADD, DEL, CHECK, VERSION, plus 1.1's STATUS and GC). It
 * parses the call, forwards it to the node agent over its unix socket and prints the result or a CNI error JSON
 * object. The `kovn-cni` shim hands calls here when it cannot relay them itself. Spawned per pod: keep imports
 * to node built-ins and this folder.
 */
import { callAgent } from './agent-client.js';
import { runPlugin, type PluginOutcome } from './run-plugin.js';

/** One plugin invocation over the agent's socket: environment and stdin in, what to print and the exit code out. */
export function runSocketPlugin(env: NodeJS.ProcessEnv, stdin: string): Promise<PluginOutcome> {
  return runPlugin(env, stdin, callAgent);
}

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return Promise.resolve('');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.once('error', reject);
  });
}

export async function main(): Promise<void> {
  const outcome = await runSocketPlugin(process.env, await readStdin());
  process.stdout.write(outcome.stdout, () => process.exit(outcome.exitCode));
}
