import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActionValidationError, planOutputFormat, runPlanCommand, type Outcome, type Plan } from '../../../src/actions/index.js';
import { issue } from '../../../src/engine/controller/validation/index.js';

function io() {
  let out = '';
  let err = '';
  return { out: (t: string) => void (out += t), err: (t: string) => void (err += t), stdout: () => out, stderr: () => err };
}

function plan(destructive = false): Plan & { applied: number } {
  const p = {
    applied: 0,
    title: 'Delete subnet s1 (10.30.0.0/24)',
    destructive,
    objectChanges: [{ kind: 'Subnet', name: 's1', op: 'delete' as const, diff: ['delete Subnet s1'] }],
    ovnChanges: ['- Logical_Switch s1'],
    warnings: ['pods with addresses in s1: default/web'],
    apply: async (): Promise<Outcome> => {
      p.applied++;
      return { ok: true, reason: 'Deleted', message: 'Subnet s1 deleted' };
    },
  };
  return p;
}

describe('runPlanCommand', () => {
  it('prints the plan and stops for --dry-run', async () => {
    const p = plan(true);
    const o = io();
    assert.equal(await runPlanCommand(o, async () => p, { yes: false, dryRun: true }), 0);
    assert.equal(o.stdout(), 'DESTRUCTIVE: Delete subnet s1 (10.30.0.0/24)\nObjects:\n  delete Subnet/s1\nOVN Northbound (written by the controller):\n  - Logical_Switch s1\nwarning: pods with addresses in s1: default/web\n');
    assert.equal(p.applied, 0);
  });

  it('refuses without --yes when nobody can confirm, and applies with it', async () => {
    const p = plan();
    const refused = io();
    assert.equal(await runPlanCommand(refused, async () => p, { yes: false, dryRun: false, confirm: null }), 1);
    assert.match(refused.stderr(), /pass --yes/);
    assert.equal(p.applied, 0);
    const p2 = plan();
    const applied = io();
    assert.equal(await runPlanCommand(applied, async () => p2, { yes: true, dryRun: false }), 0);
    assert.equal(p2.applied, 1);
    assert.match(applied.stdout(), /ok \(Deleted\): Subnet s1 deleted\n$/);
  });

  it('asks destructive plans with a warning question and writes nothing on no', async () => {
    const p = plan(true);
    const o = io();
    let asked = '';
    const code = await runPlanCommand(o, async () => p, { yes: false, dryRun: false, confirm: async (q) => ((asked = q), false) });
    assert.equal(code, 1);
    assert.equal(asked, 'This deletes objects. Apply? [y/N] ');
    assert.equal(p.applied, 0);
    assert.match(o.stderr(), /cancelled: nothing was written/);
  });

  it('prints validation issues with the field and the conflicting object, exit 1', async () => {
    const o = io();
    const failing = async (): Promise<Plan> => {
      throw new ActionValidationError('Subnet', 's1', [issue('spec.vlan', 'v9', 'VlanNotFound', 'no Vlan "v9" exists', 'Vlan/v9')]);
    };
    assert.equal(await runPlanCommand(o, failing, { yes: true, dryRun: false }), 1);
    assert.equal(o.stderr(), 'error: Subnet "s1" is invalid:\n  spec.vlan "v9": no Vlan "v9" exists [Vlan/v9]\n');
  });

  it('prints one JSON document with -o json: the plan and the outcome, or the issues', async () => {
    const o = io();
    assert.equal(await runPlanCommand(o, async () => plan(true), { yes: true, dryRun: false, output: 'json' }), 0);
    const doc = JSON.parse(o.stdout());
    assert.deepEqual(doc.plan.objectChanges, [{ kind: 'Subnet', name: 's1', op: 'delete', diff: ['delete Subnet s1'] }]);
    assert.deepEqual([doc.applied, doc.outcome.reason], [true, 'Deleted']);
    const bad = io();
    const failing = async (): Promise<Plan> => {
      throw new ActionValidationError('Vlan', 'v5k', [issue('spec.id', 5000, 'InvalidVlanId', 'must be an integer in 0..4095 (0 = untagged)')]);
    };
    assert.equal(await runPlanCommand(bad, failing, { yes: true, dryRun: false, output: 'json' }), 1);
    assert.equal(JSON.parse(bad.stdout()).error.issues[0].field, 'spec.id');
    assert.throws(() => planOutputFormat('yaml'), /-o\/--output takes json or text, not "yaml"/);
  });
});
