import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { kindInfo, kubeovnKinds } from '../../../src/engine/cluster/kinds/registry.js';
import { crdDirectory, kovnCrds } from '../../../src/engine/cluster/schema/crd-schemas.js';
import { pruneObject, validateObject } from '../../../src/engine/cluster/schema/validate.js';
import { fullKubeOvnObjects } from './kubeovn-fixtures.js';

interface CrdSpec {
  group: string;
  scope: string;
  names: { kind: string; plural: string; singular: string; listKind: string; shortNames?: string[] };
  versions: { name: string; served: boolean; storage: boolean; subresources?: { status?: object }; additionalPrinterColumns?: { name: string; jsonPath: string }[] }[];
}

const crdSpecs = (): CrdSpec[] => kovnCrds().map((crd) => crd.spec as CrdSpec);

describe('deploy/crds', () => {
  it('holds one strictly valid YAML CustomResourceDefinition per file, named <group>_<plural>.yaml', () => {
    const files = readdirSync(crdDirectory).filter((f) => f.endsWith('.yaml'));
    assert.equal(files.length, 10);
    for (const file of files) {
      const docs = parseAllDocuments(readFileSync(`${crdDirectory}${file}`, 'utf8'), { strict: true, uniqueKeys: true });
      assert.equal(docs.length, 1, file);
      assert.deepEqual(docs[0].errors, [], file);
      const crd = docs[0].toJS() as { kind: string; metadata: { name: string }; spec: CrdSpec };
      assert.equal(crd.kind, 'CustomResourceDefinition');
      assert.equal(file, `${crd.spec.group}_${crd.spec.names.plural}.yaml`);
      assert.equal(crd.metadata.name, `${crd.spec.names.plural}.${crd.spec.group}`);
    }
  });

  it('agrees with the kind registry on names, scope and the status subresource', () => {
    const specs = crdSpecs();
    assert.deepEqual(specs.map((s) => s.names.kind).sort(), kubeovnKinds.map((k) => k.kind).sort());
    for (const spec of specs) {
      const info = kindInfo(spec.names.kind)!;
      assert.equal(spec.group, info.group);
      assert.equal(spec.names.plural, info.plural);
      assert.deepEqual(spec.names.shortNames, [...(info.shortNames ?? [])]);
      assert.equal(spec.names.listKind, `${info.kind}List`);
      assert.equal(kindInfo(spec.names.singular), info, `singular ${spec.names.singular}`);
      assert.equal(spec.scope, info.namespaced ? 'Namespaced' : 'Cluster');
      assert.equal(spec.versions.length, 1);
      assert.equal(spec.versions[0].name, info.version);
      assert.ok(spec.versions[0].served && spec.versions[0].storage);
      assert.equal(spec.versions[0].subresources?.status !== undefined, info.hasStatus, info.kind);
    }
  });

  it('shows the Subnet columns Kube-OVN shows', () => {
    const subnet = crdSpecs().find((s) => s.names.kind === 'Subnet')!;
    assert.deepEqual(subnet.versions[0].additionalPrinterColumns?.map((c) => c.name), [
      'Provider', 'Vpc', 'Vlan', 'Protocol', 'CIDR', 'Private', 'NAT', 'Default', 'GatewayType',
      'V4Used', 'V4Available', 'V6Used', 'V6Available', 'ExcludeIPs', 'U2OInterconnectionIP',
    ]);
  });

  it('declares every field of kubeovn-types.ts: a fully populated object of each kind is valid and survives pruning', () => {
    for (const obj of fullKubeOvnObjects) {
      assert.deepEqual(validateObject(obj).map((c) => c.message), [], obj.kind);
      assert.deepEqual(pruneObject(obj), obj, obj.kind);
    }
  });
});
