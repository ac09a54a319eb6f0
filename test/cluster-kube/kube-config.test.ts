import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException } from '@kubernetes/client-node';
import { KubeConfigError, loadKubeConfig } from '../../src/engine/cluster/kube/kube-config.js';
import { apiErrorFromStatus, toApiError } from '../../src/engine/cluster/kube/kube-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kovn-kubeconfig-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function kubeconfig(name: string, server: string): string {
  const path = join(dir, name);
  writeFileSync(path, [
    'apiVersion: v1', 'kind: Config', 'current-context: a',
    'clusters:', `- name: c`, `  cluster: {server: "${server}"}`,
    'users:', '- name: u', '  user: {token: t}',
    'contexts:', '- name: a', '  context: {cluster: c, user: u, namespace: team-a}', '- name: b', '  context: {cluster: c, user: u}',
  ].join('\n'));
  return path;
}

describe('loadKubeConfig', () => {
  it('selects the named context', () => {
    const kc = loadKubeConfig({ kubeconfigPath: kubeconfig('ctx.yaml', 'https://127.0.0.1:6443'), context: 'b' });
    assert.equal(kc.getCurrentContext(), 'b');
  });

  it('names the known contexts when the requested one is missing', () => {
    assert.throws(() => loadKubeConfig({ kubeconfigPath: kubeconfig('missing.yaml', 'https://127.0.0.1:6443'), context: 'prod' }), (e: unknown) => {
      assert.ok(e instanceof KubeConfigError);
      assert.match(e.message, /has no context "prod" \(contexts: a, b\)/);
      return true;
    });
  });

  it('fails clearly instead of falling back to localhost:8080 when no kubeconfig exists', () => {
    const saved = { KUBECONFIG: process.env.KUBECONFIG, HOME: process.env.HOME };
    process.env.KUBECONFIG = join(dir, 'nope');
    process.env.HOME = dir;
    try {
      assert.throws(() => loadKubeConfig(), /no kubeconfig found/);
      assert.throws(() => loadKubeConfig({ kubeconfigPath: join(dir, 'absent.yaml') }), /cannot read the kubeconfig/);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('marks plain-http servers skipTLSVerify so client-node talks to them', () => {
    const kc = loadKubeConfig({ kubeconfigPath: kubeconfig('http.yaml', 'http://127.0.0.1:8001') });
    assert.equal(kc.getCurrentCluster()?.skipTLSVerify, true);
    assert.equal(kc.getCurrentContext(), 'a');
  });

  it('refuses in-cluster mode outside a cluster', () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      assert.throws(() => loadKubeConfig({ inCluster: true }), /not running in a cluster/);
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });
});

describe('Kubernetes errors', () => {
  const status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'subnets.kubeovn.io "net1" is forbidden: no', reason: 'Forbidden', details: { name: 'net1', kind: 'subnets' }, code: 403 };

  it('parses the JSON-string body of a client-node ApiException into an ApiError', () => {
    const err = toApiError(new ApiException(403, 'Forbidden', JSON.stringify(status), {}), 'GET subnets');
    assert.equal(err.code, 403);
    assert.equal(err.reason, 'Forbidden');
    assert.equal(err.message, status.message);
    assert.equal(err.objectName, 'net1');
  });

  it('keeps field causes of Invalid answers, naming the field first as the embedded store does', () => {
    const causes = [
      { field: 'spec.id', reason: 'FieldValueInvalid', message: 'Invalid value: 5000: spec.id in body should be less than or equal to 4095' },
      { field: 'spec.provider', reason: 'FieldValueRequired', message: 'spec.provider: Required value' },
    ];
    const invalid = { ...status, code: 422, reason: 'Invalid', message: 'bad', details: { causes } };
    assert.deepEqual(apiErrorFromStatus(422, invalid).causes, [
      { field: 'spec.id', reason: 'FieldValueInvalid', message: 'spec.id: Invalid value: 5000: spec.id in body should be less than or equal to 4095' },
      { field: 'spec.provider', reason: 'FieldValueRequired', message: 'spec.provider: Required value' },
    ]);
  });

  it('derives the reason from the code when the body is not a Status', () => {
    const err = apiErrorFromStatus(503, '<html>upstream down</html>');
    assert.equal(err.reason, 'ServiceUnavailable');
    assert.equal(err.message, '<html>upstream down</html>');
  });

  it('turns network errors into ServiceUnavailable naming the target', () => {
    const err = toApiError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'GET https://127.0.0.1:1/api');
    assert.equal(err.code, 503);
    assert.match(err.message, /cannot reach the cluster \(GET https:\/\/127.0.0.1:1\/api\): ECONNREFUSED/);
  });
});
