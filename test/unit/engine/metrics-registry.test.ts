import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from '../../../src/engine/metrics/metrics-registry.js';
import { startHealthServer } from '../../../src/engine/metrics/health-server.js';

describe('MetricsRegistry and the health server', () => {
  it('renders counters and gauges in the Prometheus text format', () => {
    const m = new MetricsRegistry();
    const c = m.counter('kovn_reconciles_total', 'Reconciles by kind');
    c.inc({ kind: 'Subnet' });
    c.inc({ kind: 'Subnet' });
    m.gauge('kovn_leader', 'Whether this instance leads').set(1);
    m.gaugeFunction('kovn_nb_rows', 'Rows', () => [{ labels: { table: 'Logical_Switch' }, value: 3 }]);
    const text = m.render();
    assert.match(text, /# TYPE kovn_reconciles_total counter\nkovn_reconciles_total\{kind="Subnet"\} 2/);
    assert.match(text, /kovn_leader 1/);
    assert.match(text, /kovn_nb_rows\{table="Logical_Switch"\} 3/);
  });

  it('serves /metrics, /healthz and /readyz on loopback', async () => {
    let ready = false;
    const m = new MetricsRegistry();
    m.gauge('kovn_up', 'up').set(1);
    const s = await startHealthServer({ host: '127.0.0.1', port: 0, metrics: m, ready: () => ready });
    try {
      const base = `http://127.0.0.1:${s.port}`;
      assert.match(await (await fetch(`${base}/metrics`)).text(), /kovn_up 1/);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      assert.equal((await fetch(`${base}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
    } finally {
      await s.close();
    }
  });
});
