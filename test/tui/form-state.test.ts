// The form and route-draft steps as pure functions: focus, edits by key, which problems show, the lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formLines } from '../../src/tui/form/form-lines.js';
import { attemptSubmit, editedValue, moveField, moveLine, openFormState, shownProblems, withValues } from '../../src/tui/form/form-state.js';
import type { FormSpec, FormState } from '../../src/tui/form/form-types.js';
import { draftOf, routeRows, toggleRow } from '../../src/tui/routes/route-draft.js';
import { gatewayForm, parseSelectors } from '../../src/tui/forms/gateway-form.js';
import { snapshotOf } from '../../src/actions/index.js';
import type { Subnet, Vpc } from '../../src/engine/cluster/kinds/kubeovn-types.js';

const spec: FormSpec = {
  title: 't',
  fields: [
    { kind: 'text', id: 'name', label: 'name' },
    { kind: 'choice', id: 'type', label: 'type', options: ['a', 'b'] },
    { kind: 'pick', id: 'nodes', label: 'nodes', itemText: 'ip', options: [{ value: 'n1' }, { value: 'n2' }], visible: (v) => v.type === 'b' },
    { kind: 'toggle', id: 'on', label: 'on' },
  ],
  initial: { name: '', type: 'a', nodes: [], on: false },
  check: (v): Record<string, string> => (v.name === 'bad' || v.name === '' ? { name: `name "${String(v.name)}": is bad` } : {}),
  submit: () => {},
};

const edit = (form: FormState, ...keys: string[]) =>
  keys.reduce((f, k) => {
    const press = k.length === 1 ? { name: k, text: k } : { name: k };
    const value = editedValue(f, press);
    return value === undefined ? f : withValues(f, { ...f.values, [f.focus]: value });
  }, form);

describe('form state', () => {
  it('skips hidden fields, and walks the items of a pick field with Down before leaving it', () => {
    let form = openFormState(spec);
    assert.equal(moveField(form, 1).focus, 'type');
    assert.equal(moveField(moveField(form, 1), 1).focus, 'on', 'nodes hidden while type is a');
    form = edit(moveField(form, 1), ' ');
    assert.equal(form.values.type, 'b');
    form = moveLine(form, 1);
    assert.deepEqual([form.focus, form.item], ['nodes', 0]);
    form = moveLine(form, 1);
    assert.deepEqual([form.focus, form.item], ['nodes', 1]);
    assert.equal(moveLine(form, 1).focus, 'on');
  });

  it('picks an item by typing its text, in the order picked, and Space unpicks it', () => {
    let form = moveLine(moveLine(edit(moveField(openFormState(spec), 1), ' '), 1), 1);
    form = edit(form, '1', '.', '2');
    form = moveLine(form, -1);
    form = edit(form, ' ');
    assert.deepEqual(form.values.nodes, [{ value: 'n2', text: '1.2' }, { value: 'n1', text: '' }]);
    assert.deepEqual(edit(form, ' ').values.nodes, [{ value: 'n2', text: '1.2' }]);
  });

  it('shows the problem of an empty field only after a submit was tried, and focuses it', () => {
    const form = moveField(openFormState(spec), 1);
    assert.deepEqual(shownProblems(form), {});
    const { form: tried, ok } = attemptSubmit(form);
    assert.equal(ok, false);
    assert.equal(tried.focus, 'name');
    assert.deepEqual(shownProblems(tried), { name: 'name "": is bad' });
  });

  it('puts a problem next to its field and the cursor on the focused one', () => {
    const form = edit(openFormState(spec), 'b', 'a', 'd');
    const lines = formLines(form).map((l) => l.text);
    assert.match(lines[0], /^> name\s+bad█\s+✗ name "bad": is bad$/);
    assert.match(lines[1], /^ {2}type\s+\[a\] {2}b$/);
  });

  it('parses node selectors and names the part that is not key=value', () => {
    assert.deepEqual(parseSelectors('zone=a, disk=ssd; role=gw'), [{ matchLabels: { zone: 'a', disk: 'ssd' } }, { matchLabels: { role: 'gw' } }]);
    assert.deepEqual(parseSelectors(' '), []);
    assert.throws(() => parseSelectors('zone'), /selectors "zone": expected key=value/);
  });

  it('reports a bad egress IP on the nodes and a bad selector on the selectors, both at once', () => {
    const subnet: Subnet = { apiVersion: 'kubeovn.io/v1', kind: 'Subnet', metadata: { name: 's1' }, spec: { cidrBlock: '10.1.0.0/24' } };
    const nodes = [{ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: {} }] as unknown as Parameters<typeof snapshotOf>[0]['nodes'];
    const form = gatewayForm(subnet, snapshotOf({ subnets: [subnet], nodes }));
    const problems = form.check({ ...form.initial, gatewayType: 'centralized', nodes: [{ value: 'n1', text: '10.0.0.' }], selectors: 'zone' });
    assert.match(problems.nodes, /spec\.gatewayNode "n1:10\.0\.0\.": egress IP is not a valid IP address/);
    assert.match(problems.selectors, /selectors "zone"/);
  });
});

describe('route draft', () => {
  const vpc: Vpc = { apiVersion: 'kubeovn.io/v1', kind: 'Vpc', metadata: { name: 'v' }, spec: { staticRoutes: [{ cidr: '0.0.0.0/0', nextHopIP: '10.0.0.1', policy: 'policyDst' }], policyRoutes: [{ priority: 10, match: 'ip4', action: 'drop' }] } };

  it('marks removed routes with - (x restores them) and added ones with +', () => {
    let draft = draftOf(vpc);
    assert.deepEqual(routeRows(draft).map((r) => r.mark), [' ', ' ']);
    draft = toggleRow(draft, routeRows(draft)[0]);
    draft = { ...draft, policyRoutes: [...draft.policyRoutes, { priority: 20, match: 'ip4.src == 1.1.1.1', action: 'allow' }] };
    assert.deepEqual(routeRows(draft).map((r) => `${r.kind}${r.mark}`), ['static-', 'policy ', 'policy+']);
    assert.deepEqual(draft.staticRoutes, []);
    draft = toggleRow(draft, routeRows(draft)[0]);
    assert.deepEqual(draft.staticRoutes, vpc.spec.staticRoutes);
  });
});
