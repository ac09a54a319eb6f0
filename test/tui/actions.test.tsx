// Every write flow of the TUI through its form: validation as you type (the problem names field and value,
// next to the field), the plan screen, Esc back to the form, `a` to apply; and --readonly offering none.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup, render } from 'ink-testing-library';
import { openMemoryCluster, type MemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';
import { App } from '../../src/tui/components/App.js';
import { unsafeBindings } from '../../src/tui/key-bindings.js';
import { createTuiStore, type TuiStore } from '../../src/tui/store.js';
import { tableKeymap } from '../../src/tui/table-keymap.js';
import { KEYS, press, type, waitForFrame, type Rendered } from '../support/ink.js';
import { loadStore } from './fixtures.js';

const SHIFT_TAB = '\u001B[Z';
const CTRL_S = '\u0013';

describe('action keys', () => {
  it('never puts a destructive key on a control chord', () => {
    assert.deepEqual(unsafeBindings(tableKeymap), []);
  });
});

describe('action forms', () => {
  let cluster: MemoryCluster;
  before(async () => (cluster = await openMemoryCluster()));
  after(async () => {
    cleanup();
    await cluster.close();
  });

  async function start(options: Parameters<typeof createTuiStore>[0] = {}): Promise<{ store: TuiStore; app: Rendered }> {
    const store = createTuiStore({ columns: 140, rows: 30, color: false, ...options });
    loadStore(store);
    // No controller runs in these tests: an applied plan reports a timeout quickly instead of after 30 s.
    store.setState({ cluster, outcomeTimeoutMs: 100 });
    const app = render(<App store={store} />);
    await waitForFrame(app, (f) => f.includes('ovn-default') || f.includes('VPCs'));
    return { store, app };
  }

  /** Waits for the plan screen and returns it. */
  const planShown = (app: Rendered) => waitForFrame(app, (f) => f.includes('<a> apply'), 10_000);

  it('creates a subnet: name and CIDR checked as typed, the VPC chosen, the plan applied with a', async () => {
    const { app, store } = await start();
    await press(app, 'c');
    await waitForFrame(app, (f) => f.includes('Create a subnet'));
    await type(app, 'ovn-default');
    let frame = await waitForFrame(app, (f) => f.includes('✗'));
    assert.match(frame, /> name\s+ovn-default█\s+✗ metadata\.name "ovn-default": a Subnet "ovn-default" already exists/);
    await press(app, ...Array<string>(11).fill(KEYS.backspace));
    await type(app, 'web');
    await press(app, KEYS.tab);
    await type(app, '10.16.5.0/24');
    frame = await waitForFrame(app, (f) => /CIDR\s+10\.16\.5\.0\/24█\s+✗ spec\.cidrBlock/.test(f));
    assert.match(frame, /Subnet\/ovn-default/);
    await press(app, ...Array<string>(9).fill(KEYS.backspace));
    await type(app, '30.0.0/24');
    await waitForFrame(app, (f) => /CIDR\s+10\.30\.0\.0\/24█\s*$/m.test(f));
    await press(app, KEYS.tab, KEYS.right);
    await waitForFrame(app, (f) => /> VPC\s+ovn-cluster {2}\[tenant\]/.test(f));
    await press(app, KEYS.enter, KEYS.enter, KEYS.enter, ' ');
    await waitForFrame(app, (f) => /> NAT outgoing\s+\[x\] on/.test(f));
    await press(app, KEYS.enter);
    frame = await planShown(app);
    assert.match(frame, /Create subnet web \(10\.30\.0\.0\/24\)/);
    assert.equal((store.getState().pendingPlan?.objectChanges[0]?.after?.spec as { natOutgoing?: boolean }).natOutgoing, true);
    await press(app, 'a');
    const created = await waitForSubnet(cluster, 'web');
    // No controller runs here: the outcome says so instead of waiting forever.
    await waitForFrame(app, (f) => f.includes('failed (Timeout) written, but the controller gave no verdict'));
    assert.deepEqual({ cidr: created.spec.cidrBlock, vpc: created.spec.vpc, nat: created.spec.natOutgoing }, { cidr: '10.30.0.0/24', vpc: 'tenant', nat: true });
    assert.equal(store.getState().form, undefined);
    app.unmount();
  });

  it('creates a VPC, refusing a bad name with the field and value named', async () => {
    const { app, store } = await start({ view: 'vpc' });
    await press(app, 'c');
    await waitForFrame(app, (f) => f.includes('Create a VPC'));
    await type(app, 'Bad_Name');
    const frame = await waitForFrame(app, (f) => f.includes('✗'));
    assert.match(frame, /✗ metadata\.name "Bad_Name": must be lower-case/);
    await press(app, KEYS.enter, KEYS.enter);
    // Enter on the last field with a problem left: not planned, the focus goes back to it.
    await waitForFrame(app, (f) => f.includes('fix the fields marked ✗ first (name)') && /> name/.test(f));
    await press(app, ...Array<string>(8).fill(KEYS.backspace));
    await type(app, 'blue');
    await press(app, KEYS.tab);
    await type(app, 'team-a, team-b');
    await press(app, KEYS.enter);
    const plan = await planShown(app);
    assert.match(plan, /Create VPC blue/);
    assert.deepEqual(store.getState().pendingPlan?.objectChanges[0]?.after?.spec, { namespaces: ['team-a', 'team-b'] });
    app.unmount();
  });

  it('switches a subnet to underlay on an existing Vlan, refusing logicalGateway with u2oInterconnection, and Esc on the plan returns to the form', async () => {
    const { app, store } = await start();
    await press(app, 'j', 'o');
    let frame = await waitForFrame(app, (f) => f.includes('Overlay or underlay: subnet ovn-default'));
    assert.match(frame, /> mode\s+overlay {2}\[underlay\]/);
    assert.match(frame, /Vlan\s+\[vlan10\]\s+\+ new Vlan/);
    await press(app, KEYS.down, KEYS.down, ' ', KEYS.down, ' ');
    frame = await waitForFrame(app, (f) => f.includes('✗ spec.u2oInterconnection true: cannot be on together with spec.logicalGateway'));
    await press(app, CTRL_S);
    await waitForFrame(app, (f) => f.includes('fix the fields marked ✗ first'));
    await press(app, ' ');
    await waitForFrame(app, (f) => !f.includes('✗'));
    await press(app, CTRL_S);
    frame = await planShown(app);
    assert.match(frame, /Switch subnet ovn-default to underlay on Vlan vlan10/);
    assert.match(frame, /logicalGateway/);
    await press(app, KEYS.esc);
    frame = await waitForFrame(app, (f) => f.includes('plan discarded, nothing written: edit and plan again'));
    assert.match(frame, /logicalGateway\s+\[x\] on/);
    assert.equal(store.getState().mode, 'form');
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('cancelled') && f.includes('Subnets [4]'));
    app.unmount();
  });

  it('switches a subnet to underlay on a new Vlan created on a provider network, checking its name and id', async () => {
    const { app } = await start();
    await press(app, 'j', 'o');
    await waitForFrame(app, (f) => f.includes('Overlay or underlay'));
    await press(app, KEYS.down, KEYS.right);
    await waitForFrame(app, (f) => f.includes('new Vlan name'));
    await press(app, KEYS.tab);
    await type(app, 'vlan10');
    await waitForFrame(app, (f) => f.includes('✗ metadata.name "vlan10": a Vlan "vlan10" already exists'));
    await press(app, KEYS.backspace, KEYS.backspace);
    await type(app, '20');
    await press(app, KEYS.tab);
    await type(app, 'x');
    await waitForFrame(app, (f) => f.includes('✗ id "x": must be a number in 0..4095'));
    await press(app, KEYS.backspace);
    await type(app, '20');
    let frame = await waitForFrame(app, (f) => /new Vlan id\s+20█\s*$/m.test(f));
    assert.match(frame, /provider network\s+\[pn1\]/);
    await press(app, CTRL_S);
    frame = await planShown(app);
    assert.match(frame, /Switch subnet ovn-default to underlay on Vlan vlan20/);
    assert.match(frame, /create Vlan\/vlan20/);
    app.unmount();
  });

  it('switches an underlay subnet back to overlay', async () => {
    const { app } = await start();
    await press(app, '/');
    await type(app, 'underlay1');
    await press(app, KEYS.enter, 'o');
    const frame = await waitForFrame(app, (f) => f.includes('now underlay on Vlan vlan10'));
    assert.match(frame, /> mode\s+\[overlay\]/);
    assert.doesNotMatch(frame, /logicalGateway/);
    await press(app, KEYS.enter);
    assert.match(await planShown(app), /Switch subnet underlay1 to overlay/);
    app.unmount();
  });

  it('edits a gateway: centralized on nodes picked from the list with an egress IP, ECMP, and a bad selector named', async () => {
    const { app, store } = await start();
    await press(app, 'j', 'w');
    let frame = await waitForFrame(app, (f) => f.includes('Gateway of subnet ovn-default (now distributed)'));
    assert.match(frame, /> gateway type\s+\[distributed\]/);
    assert.doesNotMatch(frame, /gateway nodes/);
    await press(app, ' ');
    frame = await waitForFrame(app, (f) => f.includes('gateway nodes'));
    assert.match(frame, /\[ \]\s+node-a/);
    await press(app, KEYS.down, ' ');
    await type(app, '10.0.0');
    frame = await waitForFrame(app, (f) => f.includes('✗ spec.gatewayNode'));
    assert.match(frame, /egress IP is not a valid IP address/);
    await type(app, '.5');
    await waitForFrame(app, (f) => /\[x\] 1\. node-a\s+egress IP: 10\.0\.0\.5█/.test(f) && !f.includes('✗'));
    await press(app, KEYS.down, ' ', KEYS.down);
    await type(app, 'zone');
    await waitForFrame(app, (f) => f.includes('✗ selectors "zone": expected key=value'));
    await type(app, '=a');
    await waitForFrame(app, (f) => /node selectors\s+zone=a█\s+✗ spec\.gatewayNodeSelectors .*match no Node/.test(f));
    await press(app, ...Array<string>(6).fill(KEYS.backspace), KEYS.tab, ' ');
    await waitForFrame(app, (f) => /> ECMP\s+\[x\] on/.test(f));
    await press(app, SHIFT_TAB, SHIFT_TAB);
    await waitForFrame(app, (f) => /> \s+\[x\] 2\. node-b/.test(f));
    await press(app, CTRL_S);
    frame = await planShown(app);
    assert.match(frame, /Set the gateway of subnet ovn-default: centralized via node-a:10\.0\.0\.5,node-b/);
    const change = store.getState().pendingPlan?.objectChanges[0];
    assert.ok(change?.diff.some((l) => l.includes('enableEcmp')));
    assert.ok(!change?.diff.some((l) => l.includes('gatewayNodeSelectors')), 'selectors left empty are not written');
    app.unmount();
  });

  it('edits the routes of a VPC: adds a static and a policy route checked as typed, removes one, plans all at once', async () => {
    const { app, store } = await start({ view: 'vpc' });
    await press(app, 'j', 'r');
    await waitForFrame(app, (f) => f.includes('Routes of VPC tenant  (no edits)'));
    await press(app, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('routes: no edits to plan'));
    await press(app, 's');
    await waitForFrame(app, (f) => f.includes('Add a static route to VPC tenant'));
    await type(app, '10.2.0.0/33');
    await waitForFrame(app, (f) => f.includes('✗ spec.staticRoutes[0].cidr "10.2.0.0/33": is not a valid CIDR'));
    await press(app, KEYS.backspace, KEYS.backspace);
    await type(app, '16');
    await press(app, KEYS.tab);
    await type(app, '192.168.0.254');
    await press(app, KEYS.enter, KEYS.enter, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('+ dst 10.2.0.0/16 → 192.168.0.254') && f.includes('1 edit not yet planned'));
    await press(app, 'p');
    await waitForFrame(app, (f) => f.includes('Add a policy route'));
    await type(app, 'high');
    await waitForFrame(app, (f) => f.includes('✗ priority "high": must be a number in 0..32767'));
    await press(app, ...Array<string>(4).fill(KEYS.backspace));
    await type(app, '31000');
    await press(app, KEYS.tab);
    await type(app, 'ip4.dst == 10.9.0.0/16');
    await press(app, KEYS.tab, KEYS.tab);
    await type(app, '192.168.0.253');
    await press(app, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('+ 31000  ip4.dst == 10.9.0.0/16  reroute 192.168.0.253') && f.includes('2 edits'));
    await press(app, 's');
    await type(app, '10.3.0.0/16\t192.168.0.9');
    await press(app, CTRL_S);
    await waitForFrame(app, (f) => f.includes('3 edits'));
    await press(app, 'k', 'k', 'x');
    await waitForFrame(app, (f) => f.includes('2 edits') && !f.includes('10.2.0.0/16'));
    await press(app, KEYS.enter);
    const frame = await planShown(app);
    assert.match(frame, /Edit the routes of VPC tenant/);
    const diff = store.getState().pendingPlan?.objectChanges[0]?.diff.join('\n') ?? '';
    assert.match(diff, /10\.3\.0\.0\/16/);
    assert.match(diff, /31000/);
    assert.doesNotMatch(diff, /10\.2\.0\.0/);
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('Routes of VPC tenant  (2 edits'));
    await press(app, KEYS.esc);
    await waitForFrame(app, (f) => f.includes('route edits discarded, nothing written'));
    app.unmount();
  });

  it('fills a form from a burst of keys sent in one write', async () => {
    const { app, store } = await start();
    app.stdin.write('cweb2\t10.31.0.0/24\r');
    await waitForFrame(app, () => store.getState().form?.values.cidrBlock === '10.31.0.0/24');
    assert.equal(store.getState().form?.values.name, 'web2');
    assert.equal(store.getState().form?.focus, 'vpc');
    app.unmount();
  });

  it('offers none of the write forms in --readonly mode', async () => {
    const { app, store } = await start({ readonly: true });
    for (const key of ['c', 'o', 'w', 'D', 'e']) {
      await press(app, key);
      assert.equal(store.getState().mode, 'normal', `key ${key} opened ${store.getState().mode}`);
    }
    await waitForFrame(app, (f) => f.includes('read-only mode'));
    await press(app, '?');
    let frame = await waitForFrame(app, (f) => f.includes('Keys of this view'));
    assert.doesNotMatch(frame, /^<\S+>.*(create|gateway|overlay|delete|edit|writes)/m);
    await press(app, KEYS.esc, ':');
    await type(app, 'vpc');
    await press(app, KEYS.enter);
    await waitForFrame(app, (f) => f.includes('VPCs [2]'));
    for (const key of ['r', 'c', 'D']) {
      await press(app, key);
      assert.equal(store.getState().mode, 'normal', `key ${key} opened ${store.getState().mode}`);
    }
    await press(app, '?');
    frame = await waitForFrame(app, (f) => f.includes('Keys of this view'));
    assert.doesNotMatch(frame, /^<\S+>.*(route editor|create|delete|writes)/m);
    assert.equal(store.getState().form, undefined);
    assert.equal(store.getState().routeDraft, undefined);
    app.unmount();
  });
});

async function waitForSubnet(cluster: MemoryCluster, name: string): Promise<{ spec: Record<string, unknown> }> {
  const end = Date.now() + 5000;
  for (;;) {
    const found = await cluster.get('Subnet', name);
    if (found) return found as unknown as { spec: Record<string, unknown> };
    if (Date.now() > end) throw new Error(`Subnet ${name} was never written`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
