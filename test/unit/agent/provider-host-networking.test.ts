import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { movableAddresses, movableRoutes, routeReplaceArgs, type HostRoute } from '../../../src/engine/agent/provider-host-networking.js';

describe('what moves between a provider NIC and its bridge', () => {
  it('moves every address but link-local ones', () => {
    const link = {
      ifname: 'eth1',
      addr_info: [
        { family: 'inet' as const, local: '10.1.0.201', prefixlen: 24 },
        { family: 'inet' as const, local: '169.254.3.4', prefixlen: 16 },
        { family: 'inet6' as const, local: 'fe80::1', prefixlen: 64 },
        { family: 'inet6' as const, local: 'fd00::5', prefixlen: 64 },
      ],
    };
    assert.deepEqual(movableAddresses(link).map((a) => a.local), ['10.1.0.201', 'fd00::5']);
  });

  it('leaves the kernel\'s own routes and puts link routes before gateway routes', () => {
    const routes: HostRoute[] = [
      { family: '-4', dst: 'default', gateway: '10.1.0.254' },
      { family: '-4', dst: '10.1.0.0/24', protocol: 'kernel', scope: 'link' },
      { family: '-4', dst: '192.168.9.0/24', scope: 'link' },
      { family: '-6', dst: 'fe80::/64', protocol: 'kernel' },
    ];
    assert.deepEqual(movableRoutes(routes).map((r) => r.dst), ['192.168.9.0/24', 'default']);
  });

  it('rebuilds a route on the new device with its gateway, metric, source and scope', () => {
    assert.deepEqual(routeReplaceArgs({ family: '-4', dst: '172.20.0.0/16', gateway: '10.1.0.254', metric: 50, prefsrc: '10.1.0.201', protocol: 'static' }, 'br-phy'), [
      '-4', 'route', 'replace', '172.20.0.0/16', 'via', '10.1.0.254', 'dev', 'br-phy', 'metric', '50', 'src', '10.1.0.201', 'proto', 'static',
    ]);
    assert.deepEqual(routeReplaceArgs({ family: '-4', dst: '192.168.9.0/24', scope: 'link', protocol: 'boot' }, 'eth1'), ['-4', 'route', 'replace', '192.168.9.0/24', 'dev', 'eth1', 'scope', 'link']);
  });
});
