/**
 * deploy/rbac.yaml grants the least that works: the controller (headless, with leader election) and the node
 * agent (with its gateway heartbeat) run against a recording ClusterApi over the embedded store, every call they
 * make must be allowed to their ServiceAccount, and every grant must be used by some call or be explained below.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { startStandaloneDb, deleteTestNetns, makeTempDir, makeTestNetns, removeTempDir, waitFor, type TestOvsdb } from '../../support/ovn.js';
import { nodeObject, podObject } from '../../support/controller-fixtures.js';
import { openMemoryCluster, type MemoryCluster } from '../../../src/engine/cluster/memory/memory-cluster.js';
import type { KubeObject } from '../../../src/engine/cluster/types.js';
import { runController, type RunningController } from '../../../src/engine/headless/run-controller.js';
import { startOvsdbServer, type OvsdbServerHandle } from '../../../src/engine/daemons/ovsdb-server.js';
import { createStandaloneDatabase, SCHEMAS } from '../../../src/engine/daemons/ovsdb-tool.js';
import { configureChassis, NodeAgent, type NodeAgentOptions } from '../../../src/engine/agent/index.js';
import { GatewayHeartbeat } from '../../../src/engine/agent/gateway-heartbeat.js';
import { callAgent } from '../../../src/cni/agent-client.js';
import { engineCommand } from '../../../src/cli/commands/engine.js';
import { GATEWAY_LEASE_NAMESPACE, gatewayLeaseName } from '../../../src/engine/controller/gateway-heartbeat-lease.js';
import { describeRequest, recordingCluster, type ApiRequest, type RecordingCluster } from './recording-cluster.js';
import { allowed, grantedRules, grantKey, ruleAllows, type GrantedRule, type ManifestObject } from './rbac-rules.js';

const deployDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'deploy');
const CONTROLLER = { name: 'kovn-controller', namespace: 'kube-system' };
const AGENT = { name: 'kovn-agent', namespace: 'kube-system' };

/** Grants no scenario here reaches, each with why the code needs it. */
const UNEXERCISED: Record<string, string> = {};

function loadManifests(): ManifestObject[] {
  const files = readdirSync(deployDir).filter((f) => f.endsWith('.yaml'));
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(deployDir, f), 'utf8'))
      .map((d) => d.toJS() as ManifestObject | null)
      .filter((o): o is ManifestObject => o !== null),
  );
}

function kubeovn(kind: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'kubeovn.io/v1', kind, metadata: { name }, spec } as KubeObject;
}

const ready = async (cluster: MemoryCluster, kind: string, name: string) =>
  ((await cluster.get(kind, name))?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

function forbidden(rules: readonly GrantedRule[], requests: readonly ApiRequest[]): string[] {
  return [...new Set(requests.filter((r) => !allowed(rules, r)).map(describeRequest))].sort();
}

function unused(rules: readonly GrantedRule[], requests: readonly ApiRequest[]): string[] {
  const out: string[] = [];
  for (const granted of rules) {
    for (const group of granted.rule.apiGroups ?? []) {
      for (const resource of granted.rule.resources ?? []) {
        for (const verb of granted.rule.verbs) {
          const used = requests.some((r) => r.verb === verb && r.group === group && r.resource === resource && ruleAllows(granted, r));
          const key = grantKey(verb, group, resource, granted.namespace);
          if (!used && !UNEXERCISED[key]) out.push(`${granted.role}: ${key}`);
        }
      }
    }
  }
  return out;
}

describe('deploy/ RBAC against the calls kovn makes', () => {
  const manifests = loadManifests();
  let db: TestOvsdb;
  let controllerStore: MemoryCluster;
  let controllerApi: RecordingCluster;
  let running: RunningController | undefined;
  let agentStore: MemoryCluster;
  let agentApi: RecordingCluster;
  let dir = '';
  let nodeNetns = '';
  let ovsdb: OvsdbServerHandle | undefined;
  let agent: NodeAgent | undefined;
  let heartbeat: GatewayHeartbeat | undefined;

  before(async () => {
    db = await startStandaloneDb('OVN_Northbound');
    controllerStore = await openMemoryCluster();
    agentStore = await openMemoryCluster();
    dir = makeTempDir('rbac');
  });

  after(async () => {
    await heartbeat?.stop().catch(() => undefined);
    await agent?.stop().catch(() => undefined);
    await ovsdb?.stop().catch(() => undefined);
    if (nodeNetns) await deleteTestNetns(nodeNetns);
    await running?.stop().catch(() => undefined);
    await db?.stop();
    if (dir) removeTempDir(dir);
  });

  it('runs the headless controller through election, subnets, pods, underlay, gateways, pools, VPC NAT and deletions', async () => {
    const store = controllerStore;
    for (const ns of ['default', 'team-a', 'ns1', 'kube-system', 'kube-node-lease']) await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const n1 = nodeObject('n1', '172.31.0.1');
    n1.metadata.annotations = { 'ovn.kubernetes.io/chassis': 'ch-n1' };
    n1.metadata.labels = { ...n1.metadata.labels, 'extnet.provider-network.kubernetes.io/ready': 'true', 'ovn.kubernetes.io/external-gw': 'true' };
    await store.create(n1);
    controllerApi = recordingCluster(store);
    running = await runController({ cluster: controllerApi, nbRemote: db.remote, metricsPort: 0, election: { namespace: 'kube-system', name: 'kovn-controller' }, identity: 'rbac-test', log: () => undefined });
    await waitFor('the controller leads and runs', async () => (await fetch(`http://127.0.0.1:${running!.health.port}/readyz`)).ok && (await store.get('Subnet', 'ovn-default')));

    await store.create(kubeovn('Subnet', 'team-a', { cidrBlock: '10.50.0.0/24', protocol: 'IPv4', namespaces: ['team-a'] }));
    await waitFor('namespace bound', async () => (await store.get('Namespace', 'team-a'))?.metadata.annotations?.['ovn.kubernetes.io/logical_switch'] === 'team-a');
    await store.create(podObject('p1', 'team-a', 'n1'));
    await waitFor('pod routed', async () => (await store.get('Pod', 'p1', 'team-a'))?.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true');
    await store.patch('Subnet', 'team-a', { spec: { cidrBlock: '10.60.0.0/24', gateway: null, excludeIps: null } });
    await waitFor('pod re-addressed', async () => (await store.get('Pod', 'p1', 'team-a'))?.metadata.annotations?.['ovn.kubernetes.io/ip_address']?.startsWith('10.60.0.'));
    await store.patch('Subnet', 'team-a', { spec: { gatewayType: 'centralized', gatewayNode: 'n1' } });
    await store.create(kubeovn('IPPool', 'pool-a', { subnet: 'team-a', ips: ['10.60.0.100..10.60.0.110'] }));
    await waitFor('ippool ready', () => ready(store, 'IPPool', 'pool-a'));

    await store.create(kubeovn('ProviderNetwork', 'extnet', { defaultInterface: 'eth1' }));
    await store.create(kubeovn('Vlan', 'ext0', { id: 0, provider: 'extnet' }));
    await store.create(kubeovn('Subnet', 'external', { cidrBlock: '10.1.0.0/24', gateway: '10.1.0.254', protocol: 'IPv4', vlan: 'ext0', excludeIps: ['10.1.0.200..10.1.0.254'] }));
    await store.create(kubeovn('Vpc', 'vpc1', { namespaces: ['ns1'], enableExternal: true }));
    await store.create(kubeovn('Subnet', 's1', { cidrBlock: '10.0.1.0/24', protocol: 'IPv4', vpc: 'vpc1', namespaces: ['ns1'] }));
    await waitFor('vpc1 ready', () => ready(store, 'Vpc', 'vpc1'));
    await waitFor('ns1 bound', async () => (await store.get('Namespace', 'ns1'))?.metadata.annotations?.['ovn.kubernetes.io/logical_switch'] === 's1');
    await store.create(podObject('web', 'ns1', 'n1'));
    await waitFor('web routed', async () => (await store.get('Pod', 'web', 'ns1'))?.metadata.annotations?.['ovn.kubernetes.io/routed'] === 'true');
    await store.create(kubeovn('OvnEip', 'eip-fip', {}));
    await store.create(kubeovn('OvnFip', 'fip1', { ovnEip: 'eip-fip', ipName: 'web.ns1' }));
    await store.create(kubeovn('OvnEip', 'eip-shared', { v4Ip: '10.1.0.100' }));
    await store.create(kubeovn('OvnSnatRule', 'snat1', { ovnEip: 'eip-shared', vpcSubnet: 's1' }));
    await store.create(kubeovn('OvnDnatRule', 'dnat1', { ovnEip: 'eip-shared', ipName: 'web.ns1', externalPort: '8080', internalPort: '80', protocol: 'tcp' }));
    for (const [kind, name] of [['OvnFip', 'fip1'], ['OvnSnatRule', 'snat1'], ['OvnDnatRule', 'dnat1'], ['Vlan', 'ext0']] as const) {
      await waitFor(`${kind} ${name} ready`, () => ready(store, kind, name));
    }
    // Ready only once a node's agent reports its bridge; the controller's status write is what counts here.
    await waitFor('provider network status written', async () => (await store.get('ProviderNetwork', 'extnet'))?.status);

    for (const [kind, name] of [['OvnFip', 'fip1'], ['OvnSnatRule', 'snat1'], ['OvnDnatRule', 'dnat1']] as const) await store.delete(kind, name);
    await store.patch('Vpc', 'vpc1', { spec: { enableExternal: false } });
    await waitFor('external gateway EIP removed', async () => !(await store.get('OvnEip', 'vpc1-external')));
    await store.delete('Pod', 'p1', 'team-a');
    await store.delete('IPPool', 'pool-a');
    await store.delete('Subnet', 'team-a');
    await waitFor('subnet deleted', async () => !(await store.get('Subnet', 'team-a')));
    await running.stop();
    running = undefined;
  });

  it('runs the node agent (chassis, informers, provider networks, CNI ADD/DEL) and the gateway heartbeat', async () => {
    const store = agentStore;
    for (const ns of ['default', 'kube-node-lease']) await store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await store.create(nodeObject('n1', '172.31.255.1'));
    await store.create(kubeovn('Subnet', 'gw', { cidrBlock: '10.70.0.0/24', gateway: '10.70.0.1', protocol: 'IPv4', gatewayType: 'centralized', gatewayNode: 'n1' }));
    // No such NIC on the node: the provider fails, which the agent reports on the ProviderNetwork and in an Event.
    await store.create(kubeovn('ProviderNetwork', 'extnet', { defaultInterface: 'nosuch0' }));
    await store.create(
      podObject('p1', 'default', 'n1', {
        'ovn.kubernetes.io/allocated': 'true',
        'ovn.kubernetes.io/routed': 'true',
        'ovn.kubernetes.io/ip_address': '10.70.0.5',
        'ovn.kubernetes.io/mac_address': '00:00:00:aa:bb:cc',
        'ovn.kubernetes.io/cidr': '10.70.0.0/24',
        'ovn.kubernetes.io/gateway': '10.70.0.1',
        'ovn.kubernetes.io/logical_switch': 'gw',
      }),
    );
    agentApi = recordingCluster(store);
    nodeNetns = await makeTestNetns();
    const dbPath = join(dir, 'conf.db');
    await createStandaloneDatabase(dbPath, SCHEMAS.Open_vSwitch);
    ovsdb = await startOvsdbServer({ dir, name: 'ovsdb', dbPaths: [dbPath], commandPrefix: ['ip', 'netns', 'exec', nodeNetns] });
    const options: NodeAgentOptions = { nodeName: 'n1', cluster: agentApi, ovsRemote: ovsdb.remote, netns: nodeNetns, cniSocket: join(dir, 'cni.sock'), sbRemote: 'tcp:127.0.0.1:1', datapathType: 'netdev', hostVethPrefix: 'kr' };
    await configureChassis(options);
    agent = new NodeAgent(options, { startWaitMs: 0, allocationTimeoutMs: 1_000, ovnInstalledTimeoutMs: 200, reconcileIntervalMs: 3_600_000, gcIntervalMs: 3_600_000, log: () => undefined });
    await agent.start();
    await waitFor('provider failure reported', async () => JSON.stringify((await store.get('ProviderNetwork', 'extnet'))?.status ?? {}).includes('n1'));
    const request = { cniVersion: '1.0.0', containerId: 'c1', netns: '/var/run/netns/kovn-rbac-absent', ifName: 'eth0', podName: 'p1', podNamespace: 'default' };
    const add = await callAgent(options.cniSocket, { ...request, command: 'ADD' }, 10_000);
    assert.ok('error' in add || JSON.stringify(add).includes('code'), `ADD into a missing netns should fail: ${JSON.stringify(add)}`);
    await callAgent(options.cniSocket, { ...request, command: 'DEL' }, 10_000);
    await agent.collectGarbage();

    const runDir = join(dir, 'run');
    heartbeat = new GatewayHeartbeat({ nodeName: 'n1', cluster: agentApi, ovsRunDir: runDir, ovnRunDir: runDir, netns: nodeNetns, renewMs: 20, log: () => undefined });
    await heartbeat.start();
    const lease = gatewayLeaseName('n1');
    await waitFor('heartbeat renewed', () => agentApi.requests.some((r) => r.verb === 'patch' && r.name === lease));
    await store.patch('Subnet', 'gw', { spec: { gatewayType: 'distributed', gatewayNode: '' } });
    await waitFor('heartbeat lease deleted', async () => !(await store.get('Lease', lease, GATEWAY_LEASE_NAMESPACE)));
    await heartbeat.stop();
    heartbeat = undefined;
    await agent.stop();
    agent = undefined;
  });

  it('holds ServiceAccounts, roles and bindings of the right kinds and API versions', () => {
    const kinds = manifests.map((o) => `${o.apiVersion} ${o.kind}`);
    for (const expected of ['v1 ServiceAccount', 'rbac.authorization.k8s.io/v1 ClusterRole', 'rbac.authorization.k8s.io/v1 ClusterRoleBinding', 'rbac.authorization.k8s.io/v1 Role', 'rbac.authorization.k8s.io/v1 RoleBinding', 'apps/v1 Deployment', 'apps/v1 DaemonSet']) {
      assert.ok(kinds.includes(expected), `deploy/ has no ${expected}`);
    }
    const accounts = manifests.filter((o) => o.kind === 'ServiceAccount').map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    assert.deepEqual(accounts.sort(), ['kube-system/kovn-agent', 'kube-system/kovn-controller']);
    for (const o of manifests) {
      if (o.kind === 'Role' || o.kind === 'RoleBinding') assert.ok(o.metadata.namespace, `${o.kind} ${o.metadata.name} has no namespace`);
      if (o.kind.endsWith('Binding')) assert.equal(o.roleRef?.apiGroup, 'rbac.authorization.k8s.io', `${o.kind} ${o.metadata.name}: roleRef.apiGroup`);
    }
  });

  it('allows the controller every call it made', () => {
    assert.ok(controllerApi?.requests.length, 'the controller scenario recorded no calls');
    assert.deepEqual(forbidden(grantedRules(manifests, CONTROLLER), controllerApi.requests), []);
  });

  it('allows the node agent every call it made', () => {
    assert.ok(agentApi?.requests.length, 'the agent scenario recorded no calls');
    assert.deepEqual(forbidden(grantedRules(manifests, AGENT), agentApi.requests), []);
  });

  it('grants the controller nothing it did not use (or that is not explained)', () => {
    assert.deepEqual(unused(grantedRules(manifests, CONTROLLER), controllerApi.requests), []);
  });

  it('grants the node agent nothing it did not use (or that is not explained)', () => {
    assert.deepEqual(unused(grantedRules(manifests, AGENT), agentApi.requests), []);
  });

  it('starts the workloads with flags `kovn engine` knows, the agent serving the socket its CNI configuration names', () => {
    const workloads = manifests.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet');
    for (const w of workloads) {
      const containers = (w.spec as { template: { spec: { containers: { args?: string[] }[] } } }).template.spec.containers;
      for (const flag of containers.flatMap((c) => c.args ?? []).filter((a) => a.startsWith('--'))) {
        assert.ok(engineCommand.usage.includes(`[${flag}`) || engineCommand.usage.includes(`${flag} `), `${w.kind} ${w.metadata.name}: kovn engine has no flag ${flag}`);
      }
    }
    const agent = workloads.find((o) => o.kind === 'DaemonSet')!;
    const spec = (agent.spec as { template: { spec: { containers: { args: string[] }[]; initContainers: { command: string[] }[] } } }).template.spec;
    const socket = spec.containers[0]!.args[spec.containers[0]!.args.indexOf('--cni-socket') + 1];
    assert.ok(spec.initContainers[0]!.command.join(' ').includes(`"server_socket":"${socket}"`), 'the CNI configuration names another socket than --cni-socket');
  });

  it('runs the workloads under those ServiceAccounts', () => {
    const account = (kind: string) => (manifests.find((o) => o.kind === kind)?.spec as { template?: { spec?: { serviceAccountName?: string } } } | undefined)?.template?.spec?.serviceAccountName;
    assert.equal(account('Deployment'), 'kovn-controller');
    assert.equal(account('DaemonSet'), 'kovn-agent');
  });
});
