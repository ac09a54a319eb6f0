import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { engineCommand } from '../../../src/cli/commands/engine.js';

describe('kovn engine --role agent arguments', () => {
  it('needs a node name and a southbound remote, naming the flag', async () => {
    const saved = { NODE_NAME: process.env.NODE_NAME, OVN_SB_DB: process.env.OVN_SB_DB };
    delete process.env.NODE_NAME;
    delete process.env.OVN_SB_DB;
    try {
      await assert.rejects(engineCommand.run(['--role', 'agent', '--sb', 'unix:/x']), /--node NAME is required/);
      await assert.rejects(engineCommand.run(['--role', 'agent', '--node', 'n1']), /--sb REMOTE is required/);
      await assert.rejects(engineCommand.run(['--role', 'agent', '--node', 'n1', '--sb', 'unix:/x', '--encap-type', 'gre']), /--encap-type must be geneve or vxlan \(got gre\)/);
      await assert.rejects(engineCommand.run(['--role', 'agent', '--node', 'n1', '--sb', 'unix:/x', '--mtu', 'big']), /--mtu must be an integer/);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
    }
  });
});
