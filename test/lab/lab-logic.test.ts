import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { labIdOf, labNames } from '../../src/engine/lab/lab-naming.js';
import { schedulePod } from '../../src/engine/lab/kubelet/pod-scheduling.js';
import { deploymentPod, statefulSetPod, templateHash, wantedOrdinals, type WorkloadObject } from '../../src/engine/lab/kubelet/workload-pods.js';
import { WorkQueue } from '../../src/engine/controller/work-queue.js';
import { runningPodStatus } from '../../src/engine/lab/kubelet/pod-status.js';
import { execTargetNetns, labExecCommand, labRestartCommand, labUpCommand } from '../../src/cli/commands/lab.js';
import { UsageError } from '../../src/cli/command.js';
import { labUp } from '../../src/engine/lab/lab-control.js';

const nodes = [
  { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1', zone: 'a' }, pods: 3 },
  { name: 'node2', labels: { 'kubernetes.io/hostname': 'node2', zone: 'b' }, pods: 1 },
  { name: 'node3', labels: { 'kubernetes.io/hostname': 'node3', zone: 'a' }, pods: 2 },
];

describe('lab names', () => {
  it('derive a stable id from the state dir, different for different dirs', () => {
    assert.equal(labIdOf('/tmp/a'), labIdOf('/tmp/a/'));
    assert.notEqual(labIdOf('/tmp/a'), labIdOf('/tmp/b'));
    const names = labNames('/tmp/a');
    assert.match(names.nodeNetns(1), /^kovn-[0-9a-f]{6}-n1$/);
    assert.ok(names.podNetns('default', 'web-0').startsWith(names.netnsPrefix));
    assert.notEqual(names.podNetns('a-b', 'c'), names.podNetns('a', 'b-c'), 'namespace/name pairs never collide');
  });

  it('resolve kovn lab exec targets and reject malformed ones with the reason', () => {
    const names = labNames('/tmp/a');
    assert.equal(execTargetNetns('/tmp/a', 'default/web-0'), names.podNetns('default', 'web-0'));
    assert.equal(execTargetNetns('/tmp/a', 'web-0'), names.podNetns('default', 'web-0'));
    assert.equal(execTargetNetns('/tmp/a', 'node:node2'), names.nodeNetns(2));
    assert.equal(execTargetNetns('/tmp/a', 'fabric'), names.fabricNetns);
    assert.throws(() => execTargetNetns('/tmp/a', 'a/b/c'), UsageError);
    assert.throws(() => execTargetNetns('/tmp/a', 'node:worker'), /node1, node2/);
  });
});

describe('lab commands', () => {
  it('reject bad flags and arguments with a usage error naming the value', async () => {
    await assert.rejects(labUpCommand.run(['--state-dir', '/tmp/x', '--encap', 'gre']), (e: Error) => e instanceof UsageError && /--encap must be geneve or vxlan, not "gre"/.test(e.message));
    await assert.rejects(labUpCommand.run(['--state-dir', '/tmp/x', '--nodes', 'three']), (e: Error) => e instanceof UsageError && /"three"/.test(e.message));
    await assert.rejects(labExecCommand.run(['--state-dir', '/tmp/x', 'default/a']), (e: Error) => e instanceof UsageError && /after --/.test(e.message));
    await assert.rejects(labRestartCommand.run(['--state-dir', '/tmp/x', 'node1']), UsageError);
  });

  it('refuses a state dir too long for the unix sockets under it, before starting anything', async () => {
    await assert.rejects(labUp(`/tmp/${'x'.repeat(90)}`, () => {}), /too long: .* at most 107/);
  });
});

describe('lab scheduler', () => {
  it('honours spec.nodeName and refuses a node the lab does not have', () => {
    assert.deepEqual(schedulePod({ nodeName: 'node1' }, nodes), { node: 'node1' });
    assert.match((schedulePod({ nodeName: 'node9' }, nodes) as { error: string }).error, /"node9" is not a lab node/);
  });

  it('spreads pods to the least loaded node that matches the nodeSelector', () => {
    assert.deepEqual(schedulePod({}, nodes), { node: 'node2' });
    assert.deepEqual(schedulePod({ nodeSelector: { zone: 'a' } }, nodes), { node: 'node3' });
    assert.match((schedulePod({ nodeSelector: { zone: 'c' } }, nodes) as { error: string }).error, /zone=c/);
  });
});

describe('lab workloads', () => {
  const sts: WorkloadObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'prod', uid: 'u1' },
    spec: { replicas: 3, ordinals: { start: 2 }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  };

  it('name StatefulSet pods by ordinal and make the StatefulSet their controller', () => {
    assert.deepEqual(wantedOrdinals(sts), [2, 3, 4]);
    const pod = statefulSetPod(sts, 3);
    assert.equal(pod.metadata.name, 'db-3');
    assert.equal(pod.metadata.namespace, 'prod');
    assert.deepEqual(pod.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'u1', controller: true, blockOwnerDeletion: true }]);
    assert.equal(pod.metadata.labels?.app, 'db');
  });

  it('name Deployment pods <name>-<template hash>-<random> and change the hash with the template', () => {
    const dep: WorkloadObject = { ...sts, kind: 'Deployment', metadata: { name: 'web', namespace: 'prod', uid: 'u2' } };
    const pod = deploymentPod(dep);
    assert.match(pod.metadata.name, new RegExp(`^web-${templateHash(dep)}-[a-z0-9]{5}$`));
    assert.equal(pod.metadata.labels?.['pod-template-hash'], templateHash(dep));
    const changed = { ...dep, spec: { ...dep.spec, template: { ...dep.spec!.template, metadata: { labels: { app: 'web2' } } } } };
    assert.notEqual(templateHash(changed), templateHash(dep));
  });

  it('report Running with the CNI result address', () => {
    const status = runningPodStatus({ ips: [{ address: '10.16.0.7/16', gateway: '10.16.0.1' }] }, '172.31.0.2', undefined, new Date('2026-01-01T00:00:00Z'));
    assert.equal(status.phase, 'Running');
    assert.equal(status.podIP, '10.16.0.7');
    assert.equal(status.hostIP, '172.31.0.2');
    assert.ok((status.conditions as { type: string; status: string }[]).some((c) => c.type === 'Ready' && c.status === 'True'));
  });
});

describe('the work queue the lab kubelet uses', () => {
  it('never runs one key twice at once, runs it again when enqueued meanwhile, and retries failures', async () => {
    const log: string[] = [];
    let running = 0;
    let releaseFirstA: () => void = () => {};
    const firstAGate = new Promise<void>((resolve) => (releaseFirstA = resolve));
    let bRetried: () => void = () => {};
    const bDone = new Promise<void>((resolve) => (bRetried = resolve));
    const queue = new WorkQueue(
      async (key) => {
        running++;
        assert.equal(running, 1, 'one at a time (concurrency 1)');
        log.push(key);
        if (key === 'a' && log.filter((k) => k === 'a').length === 1) await firstAGate;
        running--;
        if (key === 'b') {
          if (log.filter((k) => k === 'b').length === 1) throw new Error('boom');
          bRetried();
        }
      },
      { workers: 1, baseDelayMs: 1, onError: () => {} },
    );
    queue.add('a');
    await sleep(1);
    // While the first run of 'a' is held: two more enqueues of 'a' make one more run, and 'b' waits its turn.
    queue.add('a');
    queue.add('a');
    queue.add('b');
    // The queue's retry timer does not hold the event loop open (a daemon has other handles): this test does.
    const keepAlive = setInterval(() => {}, 1_000);
    try {
      releaseFirstA();
      await bDone;
      await queue.idle();
    } finally {
      clearInterval(keepAlive);
      queue.stop();
    }
    assert.equal(log.filter((k) => k === 'a').length, 2);
    assert.equal(log.filter((k) => k === 'b').length, 2);
  });
});
