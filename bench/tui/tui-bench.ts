// TUI benchmark: 10,000 ports (IP + Pod) over 200 subnets in a memory store, no lab. Measures the time to the
// first full screen, keystroke → frame latency while scrolling and while typing a filter, bytes written per
// keystroke and resident memory. It runs in a child process so that memory counts the TUI alone (not the other
// benchmarks' modules), on production React as `kovn` runs it.
import { join } from 'node:path';
import { runCommand } from '../../src/engine/proc/run-command.js';
import type { Figure } from '../support/report.js';

export async function tuiBench(): Promise<Figure[]> {
  const child = join(import.meta.dirname, 'tui-bench-child.ts');
  const { stdout } = await runCommand([process.execPath, '--import', 'tsx', child], {
    env: { ...process.env, NODE_ENV: 'production' },
    timeoutMs: 300_000,
  });
  return JSON.parse(stdout) as Figure[];
}
