import { Ipam } from '../../../src/engine/ipam/index.js';
const spec = { name: 'n', cidrBlock: '10.16.0.0/16,fd00::/64', excludeIps: ['10.16.0.2..10.16.0.100'] };
const ipam = new Ipam();
ipam.addOrUpdateSubnet(spec);
let n = 0;
try { for (;;) { ipam.allocate({ key: `k${n}`, subnet: 'n' }); n++; } } catch { /* full */ }
for (let i = 0; i < n; i += 2) ipam.release(`k${i}`, 'n');
let t = Date.now();
const next = new Ipam(); next.addOrUpdateSubnet(spec);
next.restore(ipam.allocations()); console.log('restore', Date.now() - t);
t = Date.now();
for (let i = 0; i < 2000; i++) next.allocate({ key: `s${i}`, subnet: 'n' });
console.log('2000 after restore', Date.now() - t);
t = Date.now();
for (let i = 0; i < 2000; i++) next.release(`s${i}`, 'n');
console.log('2000 releases', Date.now() - t);
