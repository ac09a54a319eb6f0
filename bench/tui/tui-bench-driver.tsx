import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink';
import type { KubeObject } from '../../src/engine/cluster/types.js';
import { App } from '../../src/tui/components/App.js';
import { HeadlessStdin, HeadlessStdout } from '../../src/tui/headless-terminal.js';
import { ObjectFeed } from '../../src/tui/object-feed.js';
import { createTuiStore } from '../../src/tui/store.js';
import { percentile, type Figure } from '../support/report.js';

export interface TuiBenchSize {
  readonly ports: number;
  readonly subnets: number;
  readonly nodes: number;
}

function world(size: TuiBenchSize): KubeObject[] {
  const objects: KubeObject[] = [{ apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: 'ovn-cluster' }, spec: {} }];
  for (let s = 0; s < size.subnets; s++) {
    objects.push({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: `subnet-${s}` }, spec: { cidrBlock: `10.${s}.0.0/16`, vpc: 'ovn-cluster' }, status: { v4usingIPs: 50, v4availableIPs: 65000 } });
  }
  for (let n = 0; n < size.nodes; n++) {
    objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${n}`, annotations: { 'ovn.kubernetes.io/ip_address': `100.64.0.${n + 2}`, 'ovn.kubernetes.io/chassis': `ch-${n}` } }, spec: {} });
  }
  for (let p = 0; p < size.ports; p++) {
    const subnet = p % size.subnets;
    const node = `node-${p % size.nodes}`;
    const pod = `pod-${p}`;
    objects.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: pod, namespace: 'bench' }, spec: { nodeName: node } });
    objects.push({
      apiVersion: 'kubeovn.io/v1',
      kind: 'IP',
      metadata: { name: `${pod}.bench` },
      spec: { podName: pod, namespace: 'bench', subnet: `subnet-${subnet}`, nodeName: node, v4IpAddress: `10.${subnet}.${(p >> 8) & 255}.${p & 255}`, macAddress: '00:00:00:12:34:56' },
    });
  }
  return objects;
}

/** Sends one key and measures the time until Ink writes the next frame, and the bytes it writes. */
async function keystroke(stdin: HeadlessStdin, stdout: HeadlessStdout, key: string): Promise<{ ms: number; bytes: number }> {
  const frames = stdout.frames.length;
  const bytes = stdout.bytes;
  const start = performance.now();
  stdin.send(key);
  while (stdout.frames.length === frames) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - start;
  // Ink throttles renders to maxFps (leading edge): wait past the window so each key is measured unthrottled.
  await sleep(40);
  return { ms, bytes: stdout.bytes - bytes };
}

export async function driveTuiBench(size: TuiBenchSize): Promise<Figure[]> {
  const rssBefore = process.memoryUsage().rss / 2 ** 20;
  const objects = world(size);
  const stdout = new HeadlessStdout(120, 40);
  const stdin = new HeadlessStdin();
  const startedAt = performance.now();
  const store = createTuiStore({ columns: 120, rows: 40, color: true, view: 'ip' });
  const feed = new ObjectFeed(store);
  for (const o of objects) feed.push(o.kind, o);
  feed.flush();
  const instance = render(<App store={store} />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    // As the terminal runner: full frames unless KOVN_TUI_INCREMENTAL=1 (see run-terminal.tsx).
    incrementalRendering: process.env.KOVN_TUI_INCREMENTAL === '1',
  });
  while (!stdout.frames.some((f) => f.includes('pod-0.bench') || f.includes('pod-0 '))) await new Promise((r) => setImmediate(r));
  const firstScreen = performance.now() - startedAt;
  await sleep(50);
  const scroll: { ms: number; bytes: number }[] = [];
  for (let i = 0; i < 100; i++) scroll.push(await keystroke(stdin, stdout, i % 25 === 24 ? '\u001B[6~' : 'j'));
  const filter: { ms: number; bytes: number }[] = [];
  await keystroke(stdin, stdout, '/');
  for (let round = 0; round < 3; round++) {
    for (const ch of 'pod-12') filter.push(await keystroke(stdin, stdout, ch));
    for (let i = 0; i < 6; i++) filter.push(await keystroke(stdin, stdout, '\u007F'));
    for (const ch of '!node-3') filter.push(await keystroke(stdin, stdout, ch));
    for (let i = 0; i < 7; i++) filter.push(await keystroke(stdin, stdout, '\u007F'));
  }
  // The create-subnet form: every key re-checks the fields against the 200 subnets and 10k pods in the store.
  await keystroke(stdin, stdout, '\u001B');
  for (const ch of ':subnet\r') await keystroke(stdin, stdout, ch);
  await keystroke(stdin, stdout, 'c');
  const form: { ms: number; bytes: number }[] = [];
  for (let round = 0; round < 3; round++) {
    // Every key must change the frame (the measurement waits for one): erase exactly what was typed.
    const [name, cidr] = [`bench-new-${round}`, `10.250.${round}.0/24`];
    for (const ch of `${name}\t${cidr}`) form.push(await keystroke(stdin, stdout, ch));
    for (let i = 0; i < cidr.length; i++) form.push(await keystroke(stdin, stdout, '\u007F'));
    form.push(await keystroke(stdin, stdout, '\u001B[Z'));
    for (let i = 0; i < name.length; i++) form.push(await keystroke(stdin, stdout, '\u007F'));
  }
  if (process.env.KOVN_BENCH_VERBOSE) console.error(filter.map((f) => f.ms.toFixed(1)).join(' '), form.map((f) => f.ms.toFixed(1)).join(' '), process.memoryUsage());
  const rss = process.memoryUsage().rss / 2 ** 20;
  instance.unmount();
  const ms = (xs: { ms: number }[]) => xs.map((x) => x.ms);
  const label = `${size.ports.toLocaleString('en')} ports, ${size.subnets} subnets`;
  return [
    { name: `first full screen (${label})`, kovn: firstScreen, unit: 'ms', kind: 'time', target: '< 1000 ms' },
    { name: 'keystroke → frame p50, scrolling', kovn: percentile(ms(scroll), 50), unit: 'ms', kind: 'time' },
    { name: 'keystroke → frame p95, scrolling', kovn: percentile(ms(scroll), 95), unit: 'ms', kind: 'time', target: '< 50 ms' },
    { name: 'keystroke → frame p50, filtering 10k rows', kovn: percentile(ms(filter), 50), unit: 'ms', kind: 'time' },
    { name: 'keystroke → frame p95, filtering 10k rows', kovn: percentile(ms(filter), 95), unit: 'ms', kind: 'time', target: '< 50 ms' },
    { name: 'keystroke → frame p50, typing in the create-subnet form', kovn: percentile(ms(form), 50), unit: 'ms', kind: 'time' },
    { name: 'keystroke → frame p95, typing in the create-subnet form', kovn: percentile(ms(form), 95), unit: 'ms', kind: 'time', target: '< 50 ms' },
    // The first moves stay inside the window (two lines change); later ones scroll it (every row changes).
    { name: 'bytes per keystroke, cursor move in the window (median)', kovn: percentile(scroll.slice(0, 30).map((x) => x.bytes), 50), unit: 'B', kind: 'count' },
    { name: 'bytes per keystroke, window scrolls (median)', kovn: percentile(scroll.slice(40).map((x) => x.bytes), 50), unit: 'B', kind: 'count' },
    { name: 'bytes per keystroke, filtering (median)', kovn: percentile(filter.map((x) => x.bytes), 50), unit: 'B', kind: 'count' },
    { name: 'resident memory (process running only the TUI, under tsx)', kovn: rss, unit: 'MB', kind: 'count', target: '< 300 MB' },
    { name: 'resident memory added by the TUI and its 20k objects', kovn: rss - rssBefore, unit: 'MB', kind: 'count' },
  ];
}
