import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { startApiFixture, eventually, type ApiFixture } from './api-fixture.js';
import { connectKubeCluster, type KubeCluster } from '../../src/engine/cluster/kube/index.js';
import { isApiError } from '../../src/engine/cluster/api-error.js';
import type { KubeObject, WatchEvent } from '../../src/engine/cluster/types.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => Record<string, unknown>;
}

const subnet = (name: string, cidrBlock = '10.0.0.0/24'): KubeObject => ({
  apiVersion: 'kubeovn.io/v1',
  kind: 'Subnet',
  metadata: { name },
  spec: { cidrBlock, protocol: 'IPv4' },
});

describe('the Kubernetes-compatible endpoint', () => {
  let f: ApiFixture;
  let client: KubeCluster;
  before(async () => {
    f = await startApiFixture({ watchHistory: 20 });
    client = connectKubeCluster({ kubeconfigPath: f.kubeconfigPath });
  });
  after(() => f?.close());

  function send(method: string, path: string, options: { body?: unknown; contentType?: string; token?: string | null; until?: (text: string) => boolean } = {}): Promise<RawResponse> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const token = options.token === undefined ? f.server.token : options.token;
    return new Promise((resolve, reject) => {
      const req = request(
        `${f.server.url}${path}`,
        {
          method,
          ca: f.server.caCertificate,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(payload ? { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
          res.on('data', (c: string) => {
            text += c;
            if (options.until?.(text)) {
              req.destroy();
              done();
            }
          });
          res.on('end', done);
        },
      );
      req.on('error', (err) => (options.until ? undefined : reject(err)));
      req.end(payload);
    });
  }

  it('answers 401 with a Status without the bearer token, and serves health and version to anyone', async () => {
    const denied = await send('GET', '/api/v1/namespaces', { token: null });
    assert.equal(denied.status, 401);
    assert.equal(denied.json().reason, 'Unauthorized');
    assert.equal((await send('GET', '/api/v1/namespaces', { token: 'wrong' })).status, 401);
    for (const path of ['/healthz', '/readyz', '/livez']) assert.equal((await send('GET', path, { token: null })).text, 'ok');
    assert.equal((await send('GET', '/version', { token: null })).json().major, '1');
  });

  it('serves discovery for the core group and kubeovn.io with status subresources', async () => {
    const groups = (await send('GET', '/apis')).json() as { groups: { name: string }[] };
    assert.ok(groups.groups.some((g) => g.name === 'kubeovn.io'));
    const resources = (await send('GET', '/apis/kubeovn.io/v1')).json() as { resources: { name: string; namespaced: boolean; kind: string }[] };
    const names = resources.resources.map((r) => r.name);
    assert.ok(names.includes('subnets') && names.includes('subnets/status') && names.includes('vlans'));
    const core = (await send('GET', '/api/v1')).json() as { resources: { name: string; namespaced: boolean }[] };
    assert.equal(core.resources.find((r) => r.name === 'pods')?.namespaced, true);
  });

  it('answers 404 with a NotFound Status for a missing object or an unknown path', async () => {
    const missing = await send('GET', '/apis/kubeovn.io/v1/subnets/nope');
    assert.equal(missing.status, 404);
    assert.deepEqual(
      { kind: missing.json().kind, reason: missing.json().reason, message: missing.json().message },
      { kind: 'Status', reason: 'NotFound', message: 'subnets.kubeovn.io "nope" not found' },
    );
    assert.equal((await send('GET', '/apis/nothing.io/v1/things')).status, 404);
  });

  it('creates, lists with selectors, and fails a stale update with 409 Conflict', async () => {
    const created = await client.create({ ...subnet('c1'), metadata: { name: 'c1', labels: { tier: 'web' } } });
    await client.create(subnet('c2', '10.0.1.0/24'));
    const listed = await client.list('Subnet', { labelSelector: 'tier=web' });
    assert.deepEqual(listed.items.map((s) => s.metadata.name), ['c1']);
    assert.deepEqual((await client.list('Subnet', { fieldSelector: 'metadata.name=c2' })).items.map((s) => s.metadata.name), ['c2']);
    await client.update({ ...created, spec: { cidrBlock: '10.0.9.0/24', protocol: 'IPv4' } });
    await assert.rejects(client.update({ ...created, spec: { cidrBlock: '10.0.8.0/24', protocol: 'IPv4' } }), (e: unknown) => isApiError(e, 'Conflict') && e.code === 409);
  });

  it('rejects an invalid object with 422 and a cause per field', async () => {
    const r = await send('POST', '/apis/kubeovn.io/v1/vlans', { body: { apiVersion: 'kubeovn.io/v1', kind: 'Vlan', metadata: { name: 'v' }, spec: { id: -1, provider: 'p' } } });
    assert.equal(r.status, 422);
    const status = r.json() as { reason: string; message: string; details: { causes: { field: string }[] } };
    assert.equal(status.reason, 'Invalid');
    assert.match(status.message, /^Vlan.kubeovn.io "v" is invalid: spec.id: Invalid value: -1/);
    assert.deepEqual(status.details.causes.map((c) => c.field), ['spec.id']);
    assert.match((status.details.causes[0] as unknown as { message: string }).message, /^Invalid value: -1/, 'the cause message leaves the field out');
  });

  it('writes status only through /status, and the main path ignores status', async () => {
    const base = await client.create(subnet('st'));
    const put = await send('PUT', '/apis/kubeovn.io/v1/subnets/st/status', {
      body: { ...base, spec: { cidrBlock: '9.9.9.0/24', protocol: 'IPv4' }, status: { v4AvailableIPs: 250 } },
    });
    assert.equal(put.status, 200);
    const after = (await client.get('Subnet', 'st'))!;
    assert.deepEqual(after.status, { v4AvailableIPs: 250 });
    assert.equal((after.spec as { cidrBlock: string }).cidrBlock, '10.0.0.0/24');
    const patched = await send('PATCH', '/apis/kubeovn.io/v1/subnets/st', { body: { status: { v4AvailableIPs: 1 } }, contentType: 'application/merge-patch+json' });
    assert.deepEqual(patched.json().status, { v4AvailableIPs: 250 });
    const statusPatch = await send('PATCH', '/apis/kubeovn.io/v1/subnets/st/status', { body: { status: { v4AvailableIPs: 7 } }, contentType: 'application/merge-patch+json' });
    assert.deepEqual(statusPatch.json().status, { v4AvailableIPs: 7 });
  });

  it('streams watch events from a resourceVersion and reports an expired one as a 410 ERROR event', async () => {
    const from = (await client.list('Subnet')).resourceVersion;
    const events: WatchEvent[] = [];
    const handle = await client.watch('Subnet', { resourceVersion: from }, (e) => events.push(e));
    await client.create(subnet('w1'));
    await client.patch('Subnet', 'w1', { metadata: { labels: { a: 'b' } } });
    await client.delete('Subnet', 'w1');
    await eventually(() => events.length === 3, 'three events arrive');
    assert.deepEqual(events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
    handle.stop();

    for (let i = 0; i < 30; i++) await client.patch('Subnet', 'c2', { metadata: { labels: { n: String(i) } } });
    const expired = await send('GET', `/apis/kubeovn.io/v1/subnets?watch=true&resourceVersion=${from}`, { until: (t) => t.includes('\n') });
    assert.equal(expired.status, 200);
    const event = JSON.parse(expired.text.split('\n')[0]) as { type: string; object: { code: number; reason: string } };
    assert.equal(event.type, 'ERROR');
    assert.deepEqual([event.object.code, event.object.reason], [410, 'Gone']);
    let closed: Error | undefined;
    await client.watch('Subnet', { resourceVersion: from }, () => {}, (err) => (closed = err));
    await eventually(() => closed !== undefined, 'the client hears of the expired version');
    assert.ok(isApiError(closed, 'Gone'));
  });

  it('answers a bad label selector with 400 naming the term, for lists and watches', async () => {
    for (const path of ['/apis/kubeovn.io/v1/subnets?labelSelector=a%20in%20b', '/apis/kubeovn.io/v1/subnets?watch=true&labelSelector=a%20in%20b']) {
      const r = await send('GET', path);
      assert.equal(r.status, 400);
      assert.match(String(r.json().message), /"a in b"/);
    }
  });

  it('starts a watch without a version with ADDED for what exists', async () => {
    const events: WatchEvent[] = [];
    const handle = await client.watch('Subnet', { fieldSelector: 'metadata.name=c1' }, (e) => events.push(e));
    await eventually(() => events.length === 1, 'the current object arrives');
    assert.equal(events[0].type, 'ADDED');
    handle.stop();
  });

  it('streams the initial objects then a bookmark marking their end when asked for sendInitialEvents', async () => {
    const r = await send('GET', '/apis/kubeovn.io/v1/subnets?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true', {
      until: (t) => t.includes('BOOKMARK'),
    });
    const events = r.text.trim().split('\n').map((l) => JSON.parse(l) as { type: string; object: { metadata: { name?: string; annotations?: Record<string, string> } } });
    const bookmark = events[events.length - 1];
    assert.equal(bookmark.type, 'BOOKMARK');
    assert.equal(bookmark.object.metadata.annotations?.['k8s.io/initial-events-end'], 'true');
    assert.ok(events.slice(0, -1).every((e) => e.type === 'ADDED'));
    assert.ok(events.some((e) => e.object.metadata.name === 'c1'));
  });

  it('serves the OpenAPI v3 documents kubectl reads for server-side field validation', async () => {
    const root = (await send('GET', '/openapi/v3')).json() as { paths: Record<string, { serverRelativeURL: string }> };
    const doc = (await send('GET', root.paths['apis/kubeovn.io/v1'].serverRelativeURL)).json() as {
      paths: Record<string, { patch?: { parameters: { name: string }[] } }>;
    };
    assert.ok(doc.paths['/apis/kubeovn.io/v1/subnets/{name}'].patch!.parameters.some((p) => p.name === 'fieldValidation'));
    assert.equal((await send('GET', '/openapi/v2')).status, 404);
  });

  it('injects failures for matching requests a given number of times (test hook)', async () => {
    f.server.injectFailure({ path: /\/subnets\/c1$/, method: 'GET', status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      await assert.rejects(client.get('Subnet', 'c1'), (e: unknown) => isApiError(e, 'ServiceUnavailable') && e.code === 503);
    }
    assert.equal((await client.get('Subnet', 'c1'))?.metadata.name, 'c1');
    f.server.injectFailure({ path: /\/subnets/, status: 403 });
    await assert.rejects(client.list('Subnet'), (e: unknown) => isApiError(e, 'Forbidden'));
    await assert.rejects(client.watch('Subnet', {}, () => {}), (e: unknown) => isApiError(e, 'Forbidden') && e.code === 403);
    f.server.clearFailures();
    assert.ok((await client.list('Subnet')).items.length > 0);
  });

  it('drops open watches on request, and the watcher hears of it (test hook)', async () => {
    const closedWith: Error[] = [];
    await client.watch('Subnet', {}, () => {}, (err) => closedWith.push(err));
    await client.watch('Vlan', {}, () => {}, (err) => closedWith.push(err));
    await eventually(() => f.server.openWatchCount() === 2, 'both watches are open');
    assert.equal(f.server.dropWatches(), 2);
    await eventually(() => closedWith.length === 2, 'both watchers are told');
    await client.watch('Subnet', {}, () => {}, (err) => closedWith.push(err));
    await eventually(() => f.server.openWatchCount() === 1, 'the watch is open');
    assert.equal(f.server.dropWatches({ abrupt: true }), 1);
    await eventually(() => closedWith.length === 3, 'the watcher hears of the reset');
  });
});
