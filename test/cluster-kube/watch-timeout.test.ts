import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { isApiError } from '../../src/engine/cluster/api-error.js';
import { connectKubeCluster, WatchEndedError } from '../../src/engine/cluster/kube/kube-cluster.js';
import { CONTEXT, startKubeEndpoint, waitFor, type KubeEndpoint } from './kube-endpoint.js';

describe('watch timeouts', () => {
  let env: KubeEndpoint;
  let silent: Server;
  before(async () => {
    env = await startKubeEndpoint();
    // A server that answers a watch with 200 and then says nothing, like a connection that died half-open.
    silent = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.flushHeaders();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    silent?.closeAllConnections();
    await new Promise((resolve) => silent?.close(resolve));
    await env?.close();
  });

  it('asks the server to end each watch after its timeout, and reports that as a normal end', async () => {
    const kube = connectKubeCluster({ kubeconfigPath: env.kubeconfigPath, context: CONTEXT }, undefined, { watchTimeoutSeconds: 1 });
    let closed: Error | undefined;
    const handle = await kube.watch('Vlan', {}, () => undefined, (err) => (closed = err));
    try {
      await waitFor(() => closed !== undefined, 'the server to end the watch');
      assert.ok(closed instanceof WatchEndedError, String(closed));
    } finally {
      handle.stop();
    }
  });

  it('ends a watch whose server went silent past its timeout with Timeout, instead of hanging', async () => {
    const port = (silent.address() as AddressInfo).port;
    const kubeconfigPath = join(env.dir, 'silent.kubeconfig');
    writeFileSync(kubeconfigPath, [
      'apiVersion: v1', 'kind: Config', 'current-context: silent',
      'clusters:', '- name: silent', `  cluster: {server: "http://127.0.0.1:${port}"}`,
      'users:', '- name: silent', '  user: {token: t}',
      'contexts:', '- name: silent', '  context: {cluster: silent, user: silent}',
    ].join('\n'));
    const kube = connectKubeCluster({ kubeconfigPath }, undefined, { watchTimeoutSeconds: 1, watchGraceMs: 50 });
    let closed: Error | undefined;
    const handle = await kube.watch('Vlan', {}, () => undefined, (err) => (closed = err));
    try {
      await waitFor(() => closed !== undefined, 'the watchdog');
      assert.ok(isApiError(closed, 'Timeout'), String(closed));
      assert.match(closed!.message, /presumed dead/);
    } finally {
      handle.stop();
    }
  });
});
