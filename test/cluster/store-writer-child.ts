// Child process of store-crash.test.ts: writes objects into a journaled store as fast as it can and prints
// "ack NAME" once each write is acknowledged, until it is killed.
import { openMemoryCluster } from '../../src/engine/cluster/memory/memory-cluster.js';

const [dir, prefix] = process.argv.slice(2);
const store = await openMemoryCluster({ stateDir: dir, compactBytes: 64 * 1024 });
let n = 0;
for (;;) {
  const batch = Array.from({ length: 1 + (n % 7) }, () => `${prefix}-${n++}`);
  await Promise.all(
    batch.map(async (name) => {
      await store.create({
        apiVersion: 'kubeovn.io/v1',
        kind: 'IP',
        metadata: { name, labels: { writer: prefix } },
        spec: { podName: name, namespace: 'default', subnet: 'ovn-default', v4IpAddress: '10.16.0.9', macAddress: '00:00:00:00:00:09' },
      });
      if (n % 3 === 0) await store.patch('IP', name, { metadata: { annotations: { touched: 'yes' } } });
      process.stdout.write(`ack ${name}\n`);
    }),
  );
}
