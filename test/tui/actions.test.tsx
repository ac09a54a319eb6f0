import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { parseGateway, parseNewSubnet, parseRouteEdit, parseUnderlayTarget } from '../../src/tui/action-input.js';
import { App } from '../../src/tui/components/App.js';
import { unsafeBindings } from '../../src/tui/key-bindings.js';
import { createTuiStore } from '../../src/tui/store.js';
import { tableKeymap } from '../../src/tui/table-keymap.js';
import { KEYS, press, type, waitForFrame } from '../support/ink.js';
import { loadStore } from './fixtures.js';

describe('action input', () => {
  it('parses the underlay target, gateway, new subnet and route edit, naming what it expected', () => {
    assert.deepEqual(parseUnderlayTarget('v1'), { vlan: 'v1' });
    assert.deepEqual(parseUnderlayTarget('v1:100:pn1'), { vlan: 'v1', createVlan: { id: 100, provider: 'pn1' } });
    assert.throws(() => parseUnderlayTarget('v1:x:pn'), /numeric id/);
    assert.deepEqual(parseGateway('centralized:n1=10.0.0.5,n2'), { gatewayType: 'centralized', nodes: [{ name: 'n1', egressIP: '10.0.0.5' }, { name: 'n2' }] });
    assert.throws(() => parseGateway('central'), /expected "distributed" or "centralized/);
    assert.deepEqual(parseNewSubnet('s1 10.1.0.0/24 tenant'), { name: 's1', cidrBlock: '10.1.0.0/24', vpc: 'tenant' });
    assert.deepEqual(parseRouteEdit('-0.0.0.0/0'), { remove: true, cidr: '0.0.0.0/0' });
    assert.throws(() => parseRouteEdit('0.0.0.0/0'), /next hop is missing/);
  });

  it('never puts a destructive key on a control chord', () => {
    assert.deepEqual(unsafeBindings(tableKeymap), []);
  });
});

describe('action keys', () => {
  let cluster: MemoryCluster;
  before(async () => (cluster = await openMemoryCluster()));
  after(async () => {
    cleanup();
    await cluster.close();
  });

  function start() {
    const store = createTuiStore({ columns: 120, rows: 30, color: false });
    loadStore(store);
    store.setState({ cluster });
    return { store, app: render(<App store={store} />) };
  }

  it('refuses an underlay switch to a Vlan that does not exist, naming it, and writes nothing', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, 'j', 'o');
    await waitForFrame(app, (f) => f.includes('underlay ovn-default on Vlan'));
    await type(app, 'nope');
    await press(app, KEYS.enter);
    const frame = await waitForFrame(app, (f) => f.includes('switch to underlay: Subnet'));
    assert.match(frame, /nope/);
    app.unmount();
  });

  it('checks a new subnet as it is typed, naming the clash, before anything is planned', async () => {
    const { app } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, 'c');
    await waitForFrame(app, (f) => f.includes('new subnet (NAME CIDR [VPC])'));
    await type(app, 'ovn-default');
    const frame = await waitForFrame(app, (f) => /name: .*ovn-default/.test(f));
    assert.match(frame, /already exists/);
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('cancelled'));
    app.unmount();
  });

  it('shows the plan of a gateway change and discards it on Esc', async () => {
    const { app, store } = start();
    await waitForFrame(app, (f) => f.includes('ovn-default'));
    await press(app, 'j', 'w');
    await waitForFrame(app, (f) => f.includes('gateway of ovn-default'));
    await type(app, 'centralized:node-a');
    await press(app, KEYS.enter);
    const frame = await waitForFrame(app, (f) => f.includes('<a> apply') || f.includes('gateway: Subnet'), 10_000);
    assert.match(frame, /plan: .*<a> apply/);
    assert.ok(store.getState().pendingPlan);
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('plan discarded, nothing written'));
    assert.equal(store.getState().pendingPlan, undefined);
    app.unmount();
  });
});
