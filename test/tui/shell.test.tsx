import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/tui/components/App.js';
import { createTuiStore } from '../../src/tui/store.js';
import { KEYS, press, type, waitForFrame } from '../support/ink.js';
import { loadStore } from './fixtures.js';

function start(options: Parameters<typeof createTuiStore>[0] = {}) {
  const store = createTuiStore({ context: 'lab', clusterMode: 'lab', columns: 100, rows: 24, color: false, ...options });
  loadStore(store);
  const app = render(<App store={store} />);
  return { store, app };
}

after(() => cleanup());

describe('TUI shell', () => {
  it('opens on the subnet table with the header, breadcrumbs and key hints', async () => {
    const { app } = start();
    const frame = await waitForFrame(app, (f) => f.includes('ovn-default'));
    assert.match(frame, /ctx: lab\s+mode: lab/);
    assert.match(frame, /sources: all 9 ready/);
    assert.match(frame, /Subnets \[4\]/);
    assert.match(frame, /underlay\/vlan10/);
    assert.match(frame, /centralized:node-a/);
    assert.match(frame, /<enter> open/);
    app.unmount();
  });

  it('moves the cursor with j/k and drills VPC → subnets → ports, Esc going back', async () => {
    const { app } = start({ view: 'vpc' });
    await waitForFrame(app, (f) => f.includes('VPCs [2]'));
    await press(app, 'j', 'k');
    await waitForFrame(app, (f) => /> ovn-cluster/.test(f));
    await press(app, KEYS.enter);
    let frame = await waitForFrame(app, (f) => f.includes('Subnets(ovn-cluster) [3]'));
    assert.match(frame, /vpc > subnet\(ovn-cluster\)/);
    assert.doesNotMatch(frame, /tenant-net/);
    await press(app, 'j');
    await waitForFrame(app, (f) => /> ovn-default/.test(f));
    await press(app, KEYS.enter);
    frame = await waitForFrame(app, (f) => f.includes('Ports(ovn-default) [2]'));
    assert.match(frame, /web-1\s+default\s+10\.16\.0\.5/);
    assert.match(frame, /chassis-node-b/);
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('Subnets(ovn-cluster)'));
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('VPCs [2]'));
    app.unmount();
  });

  it('filters by substring, regex and inverted regex, and Esc clears the filter', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, '/');
    await type(app, 'tenant');
    let frame = await waitForFrame(app, (f) => f.includes('[1/4]'));
    assert.match(frame, /tenant-net/);
    await press(app, KEYS.enter);
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('Subnets [4]'));
    await press(app, '/');
    await type(app, '^(join|ovn-)');
    frame = await waitForFrame(app, (f) => f.includes('[2/4]'));
    assert.doesNotMatch(frame, /tenant-net/);
    await press(app, KEYS.esc, '/');
    await type(app, '!underlay');
    frame = await waitForFrame(app, (f) => f.includes('[3/4]'));
    assert.doesNotMatch(frame, /underlay1/);
    app.unmount();
  });

  it('opens views from the : line with Tab completion and history, and names unknown commands', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, ':');
    await type(app, 'no');
    await press(app, KEYS.tab, KEYS.enter);
    const frame = await waitForFrame(app, (f) => f.includes('Nodes [2]'));
    assert.match(frame, /node-a\s+100\.64\.0\.2\s+chassis-node-a\s+join/);
    await press(app, ':');
    await type(app, 'bogus');
    await press(app, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('unknown command ":bogus"'));
    await press(app, ':', KEYS.up, KEYS.up, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('Nodes [2]'));
    for (const [cmd, title] of [['vlan', 'Vlans [1]'], ['pn', 'ProviderNetworks [1]'], ['eip', 'OvnEips [0]'], ['events', 'Events [0]'], ['ip', 'Ports [3]']]) {
      await press(app, ':');
      await type(app, cmd);
      await press(app, KEYS.enter);
      await waitForFrame(app, (f) => f.includes(title));
    }
    app.unmount();
  });

  it('shows YAML with y and describe with d, and closes them with Esc', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, 'j');
    await waitForFrame(app, (f) => /> ovn-default/.test(f));
    await press(app, 'y');
    let frame = await waitForFrame(app, (f) => f.includes('yaml ovn-default'));
    assert.match(frame, /kind: Subnet/);
    assert.match(frame, /cidrBlock: 10\.16\.0\.0\/16/);
    await press(app, KEYS.esc, 'd');
    frame = await waitForFrame(app, (f) => f.includes('describe ovn-default'));
    assert.match(frame, /Ready=True \(Ready\): subnet is ready/);
    await press(app, 'G');
    frame = await waitForFrame(app, (f) => f.includes('NB not connected') || f.includes('NB not reachable'));
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('Subnets [4]'));
    app.unmount();
  });

  it('opens the description of a row that has nothing below it (a node) on Enter', async () => {
    const { app } = start({ view: 'node' });
    await waitForFrame(app, (f) => f.includes('Nodes [2]'));
    await press(app, KEYS.enter);
    const frame = await waitForFrame(app, (f) => f.includes('describe node-a'));
    assert.match(frame, /Node node-a/);
    app.unmount();
  });

  it('shows the selection in a detail pane under the table (p toggles it) and follows the cursor', async () => {
    const { app } = start({ rows: 40 });
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, 'p');
    let frame = await waitForFrame(app, (f) => f.includes('── join'));
    assert.match(frame, /cidrBlock: 100\.64\.0\.0\/16/);
    await press(app, 'j');
    frame = await waitForFrame(app, (f) => f.includes('── ovn-default'));
    assert.match(frame, /cidrBlock: 10\.16\.0\.0\/16/);
    assert.equal(frame.split('\n').length, 39);
    await press(app, 'p');
    await waitForFrame(app, (f) => !f.includes('── ovn-default'));
    app.unmount();
  });

  it('lists every key of the view under ?', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, '?');
    const frame = await waitForFrame(app, (f) => f.includes('Keys of this view'));
    assert.match(frame, /<j> <down>\s+down/);
    assert.match(frame, /<D>\s+delete\s+\(writes, confirms\)/);
    app.unmount();
  });

  it('drops every writing key in read-only mode and says so when one is pressed', async () => {
    const { app } = start({ readonly: true });
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    assert.doesNotMatch(app.lastFrame() ?? '', /<e> edit/);
    await press(app, 'e');
    await waitForFrame(app, (f) => f.includes('read-only mode: "edit" is disabled'));
    await press(app, '?');
    const frame = await waitForFrame(app, (f) => f.includes('Keys of this view'));
    assert.doesNotMatch(frame, /<D>|<e>|<o>/);
    app.unmount();
  });

  it('asks before a dangerous action and cancels on any key but y', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, 'D');
    await waitForFrame(app, (f) => f.includes('delete join? press y to confirm'));
    await press(app, 'n');
    await waitForFrame(app, (f) => f.includes('cancelled'));
    app.unmount();
  });

  it('says "disconnected" with the reason instead of an empty table', async () => {
    const store = createTuiStore({ columns: 100, rows: 24, color: false });
    store.setState({ sources: { Subnet: { phase: 'disconnected', message: 'connect ECONNREFUSED 127.0.0.1:1' } } });
    const app = render(<App store={store} />);
    const frame = await waitForFrame(app, (f) => f.includes('Subnet disconnected: connect ECONNREFUSED'));
    assert.match(frame, /sources: Subnet disconnected/);
    app.unmount();
  });
});
