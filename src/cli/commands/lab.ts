import type { CliCommand } from '../command.js';
import { UsageError } from '../command.js';
import { parseArgs, flagValue } from '../args.js';
import { defaultLabStateDir } from '../../engine/cluster/http/cluster-target.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { DEFAULT_LAB_NODES, labDown, labUp, readLabState } from '../../engine/lab/lab-control.js';
import { labNames, MAX_LAB_NODES } from '../../engine/lab/lab-naming.js';
import { requestRestart } from '../../engine/lab/lab-requests.js';
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
    ...(status.labId && status.mode === 'full' ? [`  namespaces  kovn-${status.labId}-*${status.encap ? `   encap ${status.encap}` : ''}`] : []),
    ...(status.nodes ?? []).map((n) => `  ${n.name.padEnd(10)}  ${n.ip.padEnd(13)} netns ${n.netns}  ovsdb ${n.ovsdb}  cni ${n.cniSocket}${n.agent ? '' : '  (no agent)'}`),
    ...status.processes.map((p) => `  ${p.name.padEnd(22)} pid ${p.pid} ${isProcessAlive(p.pid) ? 'running' : 'GONE'}`),
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
    const { nodes, encap } = nodeFlags(args);
    const status = await labUp(stateDir, (line) => process.stderr.write(`kovn lab: ${line}\n`), undefined, { ...(nodes !== undefined ? { nodes } : {}), ...(encap ? { encap } : {}) });
    process.stdout.write(formatLabStatus(stateDir, status, true));
    for (const limit of status.limits) process.stderr.write(`kovn lab: note: ${limit}\n`);
    return 0;
  },
};

export const labDownCommand: CliCommand = {
  path: ['lab', 'down'],
  summary: 'stop the lab and remove everything it created',
  usage: 'kovn lab down [--state-dir DIR]',
  async run(argv) {
    const { stateDir } = stateDirOf(argv);
    const { stopped, namespaces } = await labDown(stateDir);
    const what = [stopped.length ? `stopped pids ${stopped.join(', ')}` : '', namespaces.length ? `deleted ${namespaces.length} namespaces` : ''].filter(Boolean).join('; ');
    process.stdout.write(`lab at ${stateDir} is down${what ? ` (${what})` : ''}\n`);
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
    if (args.flags.has('json')) {
      const health = status ? { daemon: alive, processes: status.processes.map((p) => ({ ...p, running: isProcessAlive(p.pid) })) } : { daemon: alive, processes: [] };
      const healthy = alive && status?.phase === 'ready' && health.processes.every((p) => p.running);
      process.stdout.write(`${JSON.stringify({ stateDir, running: alive && status?.phase === 'ready', healthy, health, ...(status ? { status } : {}) }, null, 2)}\n`);
    }
    else process.stdout.write(formatLabStatus(stateDir, status, alive));
    return alive && status?.phase === 'ready' ? 0 : 3;
  },
};

export const labDaemonCommand: CliCommand = {
  path: ['lab', 'daemon'],
  summary: 'run the lab in the foreground (what `lab up` starts in the background)',
  usage: 'kovn lab daemon [--state-dir DIR] [--nodes N] [--encap geneve|vxlan]',
  async run(argv) {
    const { args, stateDir } = stateDirOf(argv, ['nodes', 'encap']);
    const { nodes, encap } = nodeFlags(args);
    return runLabDaemon(stateDir, { nodes: nodes ?? DEFAULT_LAB_NODES, encap: encap ?? 'geneve' });
  },
};

/** --nodes and --encap as given (undefined when absent, so a running lab is not told about defaults). */
function nodeFlags(args: ReturnType<typeof parseArgs>): { nodes?: number; encap?: 'geneve' | 'vxlan' } {
  const nodes = flagValue(args, 'nodes');
  if (nodes !== undefined && (!/^\d+$/.test(nodes) || Number(nodes) > MAX_LAB_NODES)) throw new UsageError(`--nodes must be a number from 0 to ${MAX_LAB_NODES}, not "${nodes}"`);
  const encap = flagValue(args, 'encap');
  if (encap !== undefined && encap !== 'geneve' && encap !== 'vxlan') throw new UsageError(`--encap must be geneve or vxlan, not "${encap}"`);
  return { ...(nodes !== undefined ? { nodes: Number(nodes) } : {}), ...(encap ? { encap } : {}) };
}

/** The namespace `kovn lab exec` enters: `NS/POD` (or `POD` in `default`), `node:NAME`, `fabric`, `external`. */
export function execTargetNetns(stateDir: string, target: string): string {
  const names = labNames(stateDir);
  if (target === 'fabric') return names.fabricNetns;
  if (target === 'external') return names.externalNetns;
  const node = /^node:node(\d+)$/.exec(target);
  if (node) return names.nodeNetns(Number(node[1]));
  if (target.startsWith('node:')) throw new UsageError(`"${target}": lab nodes are named node1, node2 …`);
  const parts = target.split('/');
  if (parts.length > 2 || parts.some((p) => !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(p))) throw new UsageError(`"${target}" is not NAMESPACE/POD, POD, node:NAME, fabric or external`);
  const [namespace, pod] = parts.length === 2 ? parts : ['default', parts[0]];
  return names.podNetns(namespace, pod);
}

export const labExecCommand: CliCommand = {
  path: ['lab', 'exec'],
  summary: "run a command in a lab pod's (or node's) network namespace",
  usage: 'kovn lab exec [--state-dir DIR] NAMESPACE/POD|node:NAME|fabric|external -- CMD [ARG…]',
  async run(argv) {
    const args = parseArgs(argv, ['state-dir']);
    const stateDir = flagValue(args, 'state-dir') ?? defaultLabStateDir();
    if (args.positionals.length !== 1) throw new UsageError('name one target: NAMESPACE/POD, node:NAME, fabric or external');
    if (args.rest.length === 0) throw new UsageError('give the command after --, e.g. kovn lab exec default/web-0 -- ping -c1 10.16.0.1');
    const netns = execTargetNetns(stateDir, args.positionals[0]);
    if (!existsSync(`/var/run/netns/${netns}`)) {
      process.stderr.write(`kovn lab exec: ${args.positionals[0]} has no network namespace in the lab at ${stateDir} (${netns}); is it Running?\n`);
      return 1;
    }
    const child = spawn('ip', ['netns', 'exec', netns, ...args.rest], { stdio: 'inherit' });
    return new Promise<number>((resolve) => {
      child.on('error', (err) => {
        process.stderr.write(`kovn lab exec: ${err.message}\n`);
        resolve(127);
      });
      child.on('close', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
    });
  },
};

export const labRestartCommand: CliCommand = {
  path: ['lab', 'restart'],
  summary: "restart a lab node's agent, ovs-vswitchd or ovn-controller under its running pods",
  usage: 'kovn lab restart [--state-dir DIR] NODE agent|ovs-vswitchd|ovn-controller',
  async run(argv) {
    const args = parseArgs(argv, ['state-dir']);
    const stateDir = flagValue(args, 'state-dir') ?? defaultLabStateDir();
    if (args.positionals.length !== 2) throw new UsageError('name a node and a component, e.g. kovn lab restart node1 ovs-vswitchd');
    const [node, component] = args.positionals;
    await requestRestart(stateDir, node, component);
    process.stdout.write(`restarted ${component} on ${node}\n`);
    return 0;
  },
};
