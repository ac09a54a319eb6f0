import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { parseArgs, flagValue } from '../args.js';
import { defaultLabStateDir } from '../../engine/cluster/http/cluster-target.js';
import { labDown, labUp, readLabState } from '../../engine/lab/lab-control.js';
import { runLabDaemon } from '../../engine/lab/lab-daemon.js';
import type { LabStatus } from '../../engine/lab/lab-layout.js';
import { isProcessAlive } from '../../engine/proc/process-state.js';

function stateDirOf(argv: string[], valueFlags: string[] = [], boolFlags: string[] = []) {
  const args = parseArgs(argv, ['state-dir', ...valueFlags], boolFlags);
  if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  return { args, stateDir: flagValue(args, 'state-dir') ?? defaultLabStateDir() };
}

export function formatLabStatus(stateDir: string, status: LabStatus | undefined, alive: boolean): string {
  if (!status) return `lab at ${stateDir}: not running${alive ? ' (daemon alive but no status yet)' : ''}\n`;
  const lines = [
    `lab at ${stateDir}: ${alive ? status.phase : 'not running (stale status)'}${status.message ? ` — ${status.message}` : ''}`,
    `  mode        ${status.mode}`,
    `  daemon      pid ${status.pid}, since ${status.startedAt}`,
    `  kubeconfig  ${status.kubeconfig}${status.apiUrl ? `  (${status.apiUrl})` : ''}`,
    `  NB / SB     ${status.nb}  ${status.sb}`,
    ...(status.metricsPort ? [`  metrics     http://127.0.0.1:${status.metricsPort}/metrics`] : []),
    ...status.processes.map((p) => `  ${p.name.padEnd(18)} pid ${p.pid} ${isProcessAlive(p.pid) ? 'running' : 'GONE'}`),
    ...status.limits.map((l) => `  note: ${l}`),
  ];
  return `${lines.join('\n')}\n`;
}

export const labUpCommand: CliCommand = {
  path: ['lab', 'up'],
  summary: 'start the lab (in the background) and wait until it is ready',
  usage: 'kovn lab up [--state-dir DIR] [--nodes N] [--encap geneve|vxlan]',
  async run(argv) {
    const { args, stateDir } = stateDirOf(argv, ['nodes', 'encap']);
    const nodes = flagValue(args, 'nodes');
    if (nodes !== undefined && !/^\d+$/.test(nodes)) throw new UsageError(`--nodes must be a number, not "${nodes}"`);
    const encap = flagValue(args, 'encap');
    if (encap !== undefined && encap !== 'geneve' && encap !== 'vxlan') throw new UsageError(`--encap must be geneve or vxlan, not "${encap}"`);
    const status = await labUp(stateDir, (line) => process.stderr.write(`kovn lab: ${line}\n`));
    process.stdout.write(formatLabStatus(stateDir, status, true));
    if (nodes !== undefined && nodes !== '0') process.stderr.write(`kovn lab: --nodes ${nodes}: nodes are not available in this build yet (control plane only)\n`);
    return 0;
  },
};

export const labDownCommand: CliCommand = {
  path: ['lab', 'down'],
  summary: 'stop the lab and remove everything it created',
  usage: 'kovn lab down [--state-dir DIR]',
  async run(argv) {
    const { stateDir } = stateDirOf(argv);
    const { stopped } = await labDown(stateDir);
    process.stdout.write(`lab at ${stateDir} is down${stopped.length ? ` (stopped pids ${stopped.join(', ')})` : ''}\n`);
    return 0;
  },
};

export const labStatusCommand: CliCommand = {
  path: ['lab', 'status'],
  summary: "show the lab's state (human or --json)",
  usage: 'kovn lab status [--state-dir DIR] [--json]',
  async run(argv) {
    const { args, stateDir } = stateDirOf(argv, [], ['json']);
    const { status, alive } = readLabState(stateDir);
    if (args.flags.has('json')) process.stdout.write(`${JSON.stringify({ stateDir, running: alive && status?.phase === 'ready', ...(status ? { status } : {}) }, null, 2)}\n`);
    else process.stdout.write(formatLabStatus(stateDir, status, alive));
    return alive && status?.phase === 'ready' ? 0 : 3;
  },
};

export const labDaemonCommand: CliCommand = {
  path: ['lab', 'daemon'],
  summary: 'run the lab in the foreground (what `lab up` starts in the background)',
  usage: 'kovn lab daemon [--state-dir DIR]',
  async run(argv) {
    const { stateDir } = stateDirOf(argv);
    return runLabDaemon(stateDir);
  },
};
