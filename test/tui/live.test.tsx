import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanup, render } from 'ink-testing-library';
import type { Subnet } from '../../src/engine/cluster/kinds/kubeovn-types.js';
import { connectKubeCluster } from '../../src/engine/cluster/kube/kube-cluster.js';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { App } from '../../src/tui/components/App.js';
import { ObjectFeed } from '../../src/tui/object-feed.js';
import { createTuiStore } from '../../src/tui/store.js';
import { waitForFrame } from '../support/ink.js';

const subnet = (name: string, cidrBlock: string): Subnet => ({ apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name }, spec: { cidrBlock } });

describe('live data', () => {
  let cluster: MemoryCluster;
  const feeds: ObjectFeed[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kovn-tui-live-'));
  before(async () => (cluster = await openMemoryCluster()));
  after(async () => {
    cleanup();
    await Promise.all(feeds.map((f) => f.stop()));
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a subnet created, changed and deleted elsewhere, batched into the store', async () => {
    const store = createTuiStore({ columns: 100, rows: 20, color: false });
    const feed = new ObjectFeed(store);
    feeds.push(feed);
    feed.start(cluster, ['Subnet']);
    const app = render(<App store={store} />);
    await waitForFrame(app, (f) => f.includes('sources: all 1 ready'));
    await cluster.create(subnet('live1', '10.99.0.0/24'));
    await waitForFrame(app, (f) => /live1\s+ovn-cluster\s+overlay\s+10\.99\.0\.0\/24/.test(f));
    await cluster.patch('Subnet', 'live1', { spec: { cidrBlock: '10.98.0.0/24' } });
    await waitForFrame(app, (f) => f.includes('10.98.0.0/24'));
    await cluster.delete('Subnet', 'live1');
    await waitForFrame(app, (f) => !f.includes('live1'));
    app.unmount();
  });

  it('fits a resized terminal: fewer rows show fewer table lines, and the frame stays below the terminal height', async () => {
    const store = createTuiStore({ columns: 100, rows: 30, color: false });
    const feed = new ObjectFeed(store);
    for (let i = 0; i < 50; i++) feed.push('Subnet', subnet(`s${String(i).padStart(2, '0')}`, `10.${i}.0.0/24`));
    feed.flush();
    const app = render(<App store={store} />);
    let frame = await waitForFrame(app, (f) => f.includes('s21') && !f.includes('s22 '));
    assert.equal(frame.split('\n').length, 29);
    store.setState({ size: { columns: 60, rows: 12 } });
    frame = await waitForFrame(app, (f) => f.split('\n').length === 11);
    assert.ok(frame.includes('s03') && !frame.includes('s04'), frame);
    assert.ok(frame.split('\n').every((l) => l.length <= 60));
    app.unmount();
  });

  it('says "disconnected" within seconds when the cluster cannot be reached', async () => {
    const kubeconfig = join(dir, 'closed-port.yaml');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: dead\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: dead\n  context: {cluster: dead, user: u}\ncurrent-context: dead\n`,
    );
    const dead = connectKubeCluster({ kubeconfigPath: kubeconfig });
    const store = createTuiStore({ columns: 100, rows: 20, color: false, context: dead.contextName });
    const feed = new ObjectFeed(store);
    feeds.push(feed);
    feed.start(dead, ['Subnet', 'Vpc']);
    const app = render(<App store={store} />);
    const frame = await waitForFrame(app, (f) => f.includes('Subnet disconnected'), 10_000);
    assert.match(frame, /ctx: dead/);
    app.unmount();
  });
});
