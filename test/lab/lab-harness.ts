import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runCommand, type RunResult } from '../../src/engine/proc/run-command.js';
import { stopProcess } from '../../src/engine/proc/process-state.js';
import { labNames, type LabNames } from '../../src/engine/lab/lab-naming.js';
import type { LabStatus } from '../../src/engine/lab/lab-layout.js';
import { makeTempDir, waitFor } from '../support/ovn.js';

export const KOVN = join(import.meta.dirname, '..', '..', 'bin', 'kovn.js');

export function kovn(...args: string[]): Promise<RunResult> {
  return runCommand([process.execPath, KOVN, ...args], { timeoutMs: 120_000, okCodes: [0, 1, 3, 7] });
}

export interface PodObject {
  metadata: { name: string; namespace: string; uid: string; annotations?: Record<string, string>; deletionTimestamp?: string };
  spec: { nodeName?: string };
  status?: { phase?: string; podIP?: string; hostIP?: string; conditions?: { type: string; status: string }[] };
}

/** One lab for a test file: `kovn lab up` in `before`, `down()` in `after`. */
export interface TestLab {
  readonly stateDir: string;
  readonly names: LabNames;
  status: LabStatus;
  kubectl(args: string[], input?: string): Promise<string>;
  apply(yaml: string): Promise<void>;
  getPod(namespace: string, name: string): Promise<PodObject | undefined>;
  waitRunning(namespace: string, name: string, notUid?: string): Promise<PodObject>;
  /** Runs argv in a pod's namespace (`ip netns exec`, faster than `kovn lab exec`). */
  inPod(namespace: string, name: string, argv: string[], okCodes?: number[]): Promise<RunResult>;
  nodeNetns(index: number): string;
  vsctl(index: number, ...args: string[]): Promise<string>;
  refreshStatus(): Promise<LabStatus>;
  down(): Promise<void>;
}

export async function startTestLab(options: { nodes: number; encap?: 'geneve' | 'vxlan' }): Promise<TestLab> {
  const base = makeTempDir('lab');
  const stateDir = join(base, 's');
  const names = labNames(stateDir);
  const up = await kovn('lab', 'up', '--state-dir', stateDir, '--nodes', String(options.nodes), '--encap', options.encap ?? 'geneve');
  if (up.exitCode !== 0) throw new Error(`kovn lab up failed:\n${up.stdout}\n${up.stderr}`);
  const refreshStatus = async () => (JSON.parse((await kovn('lab', 'status', '--state-dir', stateDir, '--json')).stdout) as { status: LabStatus }).status;
  const kubectl = async (args: string[], input?: string) =>
    (await runCommand(['kubectl', '--kubeconfig', join(stateDir, 'kubeconfig'), ...args], { timeoutMs: 30_000, ...(input === undefined ? {} : { input }) })).stdout;
  const getPod = async (namespace: string, name: string) => {
    const out = await runCommand(['kubectl', '--kubeconfig', join(stateDir, 'kubeconfig'), '-n', namespace, 'get', 'pod', name, '-o', 'json', '--ignore-not-found'], { timeoutMs: 30_000 });
    return out.stdout.trim() ? (JSON.parse(out.stdout) as PodObject) : undefined;
  };
  const lab: TestLab = {
    stateDir,
    names,
    status: await refreshStatus(),
    kubectl,
    apply: async (yaml) => void (await kubectl(['apply', '-f', '-'], yaml)),
    getPod,
    waitRunning: (namespace, name, notUid) =>
      waitFor(`pod ${namespace}/${name} Running`, async () => {
        const pod = await getPod(namespace, name);
        return pod?.status?.phase === 'Running' && pod.metadata.uid !== notUid && !pod.metadata.deletionTimestamp ? pod : undefined;
      }, 60_000),
    inPod: (namespace, name, argv, okCodes = [0]) => runCommand(['ip', 'netns', 'exec', names.podNetns(namespace, name), ...argv], { timeoutMs: 30_000, okCodes }),
    nodeNetns: (index) => names.nodeNetns(index),
    vsctl: async (index, ...args) => (await runCommand(['ovs-vsctl', `--db=unix:${join(stateDir, `n${index}`, 'db.sock')}`, ...args], { timeoutMs: 15_000 })).stdout,
    refreshStatus: async () => (lab.status = await refreshStatus()),
    async down() {
      await kovn('lab', 'down', '--state-dir', stateDir);
      rmSync(base, { recursive: true, force: true });
    },
  };
  return lab;
}

/** Pings until one reply (single pings with a short timeout, as the recipe advises); false after `tries`. */
export async function pingsWithin(netns: string, ip: string, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const r = await runCommand(['ip', 'netns', 'exec', netns, 'ping', '-c1', '-W0.3', ip], { timeoutMs: 5_000, okCodes: [0, 1, 2] });
    if (r.exitCode === 0) return true;
    await sleep(20);
  }
  return false;
}

const ECHO_SERVER = "require('net').createServer((s)=>s.pipe(s)).listen(Number(process.argv[1]),'0.0.0.0',()=>console.log('listening'))";
const ECHO_CLIENT =
  "const [ip,port,n]=process.argv.slice(1);const payload='k'.repeat(Number(n));let got='';" +
  "const s=require('net').connect(Number(port),ip,()=>s.end(payload));s.on('data',(c)=>got+=c);" +
  "s.setTimeout(3000,()=>process.exit(3));s.on('error',()=>process.exit(4));s.on('end',()=>process.exit(got===payload?0:5))";

/** A TCP echo server in a namespace (a node one-liner), stopped by its pid. */
export async function startEchoServer(netns: string, port: number): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', netns, process.execPath, '-e', ECHO_SERVER, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`echo server in ${netns} exited (${String(code)})`)));
  });
  return { stop: () => stopProcess(child.pid!) };
}

/** Sends `bytes` over TCP to an echo server and checks they come back whole (retries: first packets may be eaten by ARP). */
export async function tcpEchoWorks(netns: string, ip: string, port: number, bytes = 100_000, tries = 10): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const r = await runCommand(['ip', 'netns', 'exec', netns, process.execPath, '-e', ECHO_CLIENT, ip, String(port), String(bytes)], { timeoutMs: 10_000, okCodes: [0, 3, 4, 5] });
    if (r.exitCode === 0) return true;
    await sleep(100);
  }
  return false;
}

/** tcpdump in a namespace, started and stopped by its pid; returns the lines it printed. */
export async function captureWhile(netns: string, ifname: string, filter: string[], during: () => Promise<void>): Promise<string[]> {
  const child = spawn('ip', ['netns', 'exec', netns, 'tcpdump', '-nn', '-l', '-i', ifname, ...filter], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('listening on')) resolve();
      });
      child.once('exit', () => reject(new Error(`tcpdump exited: ${err}`)));
    });
    await during();
    await sleep(200);
  } finally {
    await stopProcess(child.pid!);
  }
  return out.split('\n').filter(Boolean);
}

export function podYaml(name: string, options: { node?: string; annotations?: Record<string, string>; namespace?: string } = {}): string {
  const ann = Object.entries(options.annotations ?? {}).map(([k, v]) => `\n    ${k}: "${v}"`).join('');
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${options.namespace ?? 'default'}${ann ? `\n  annotations:${ann}` : ''}
spec:
${options.node ? `  nodeName: ${options.node}\n` : ''}  containers: [{name: main, image: kovn-lab}]
`;
}

/** A ProviderNetwork on a NIC of every node and its Vlans, as one multi-document YAML. */
export function providerNetworkYaml(provider: string, nic: string, vlans: readonly { name: string; id: number }[]): string {
  return [
    `apiVersion: kubeovn.io/v1\nkind: ProviderNetwork\nmetadata: {name: ${provider}}\nspec: {defaultInterface: ${nic}}\n`,
    ...vlans.map((v) => `apiVersion: kubeovn.io/v1\nkind: Vlan\nmetadata: {name: ${v.name}}\nspec: {id: ${v.id}, provider: ${provider}}\n`),
  ].join('---\n');
}
