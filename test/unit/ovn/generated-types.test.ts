import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generate, interfaceName, columnTsType } from '../../../scripts/gen-ovsdb-types.js';
import { parseColumnType } from '../../../src/ovn/ovsdb/schema.js';

describe('gen-ovsdb-types', () => {
  it('names interfaces after tables', () => {
    assert.equal(interfaceName('Logical_Switch_Port'), 'LogicalSwitchPort');
    assert.equal(interfaceName('NB_Global'), 'NBGlobal');
  });
  it('maps column kinds to plain TS types', () => {
    assert.equal(columnTsType(parseColumnType({ key: 'string', min: 0, max: 'unlimited' }, 'x')), 'readonly string[]');
    assert.equal(columnTsType(parseColumnType({ key: 'integer', min: 0, max: 1 }, 'x')), 'number | undefined');
    assert.equal(columnTsType(parseColumnType({ key: 'string', value: 'string', min: 0, max: 'unlimited' }, 'x')), 'Readonly<Record<string, string>>');
    assert.equal(columnTsType(parseColumnType({ key: { type: 'string', enum: ['set', ['a', 'b']] }, min: 0, max: 'unlimited' }, 'x')), 'readonly ("a" | "b")[]');
  });
  it('committed output matches the installed schemas (run npm run gen:ovsdb-types when this fails)', () => {
    for (const [file, output, prefix] of [
      ['/usr/share/ovn/ovn-nb.ovsschema', 'ovn-nb.ts', 'OvnNorthbound'],
      ['/usr/share/ovn/ovn-sb.ovsschema', 'ovn-sb.ts', 'OvnSouthbound'],
      ['/usr/share/openvswitch/vswitch.ovsschema', 'vswitch.ts', 'OpenVSwitch'],
    ] as const) {
      const committed = readFileSync(new URL(`../../../src/ovn/schema/generated/${output}`, import.meta.url), 'utf8');
      assert.equal(generate(readFileSync(file, 'utf8'), { file, output, prefix }), committed, output);
    }
  });
});
