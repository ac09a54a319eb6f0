import type { ClusterApi } from '../cluster/types.js';
import { Informer } from '../cluster/informer.js';
import type { IP, IPPool, OvnDnatRule, OvnEip, OvnFip, OvnSnatRule, ProviderNetwork, Subnet, Vlan, Vpc } from '../cluster/kinds/kubeovn-types.js';
import type { NamespaceObject, NodeObject, PodObject, StatefulSetObject } from './core-objects.js';

/** The informers the controller reads from: one cache per kind, all fed by list + watch. */
export class ClusterCaches {
  readonly vpcs: Informer<Vpc>;
  readonly subnets: Informer<Subnet>;
  readonly vlans: Informer<Vlan>;
  readonly providerNetworks: Informer<ProviderNetwork>;
  readonly ips: Informer<IP>;
  readonly ippools: Informer<IPPool>;
  readonly nodes: Informer<NodeObject>;
  readonly namespaces: Informer<NamespaceObject>;
  readonly pods: Informer<PodObject>;
  readonly statefulSets: Informer<StatefulSetObject>;
  readonly ovnEips: Informer<OvnEip>;
  readonly ovnFips: Informer<OvnFip>;
  readonly ovnSnatRules: Informer<OvnSnatRule>;
  readonly ovnDnatRules: Informer<OvnDnatRule>;

  constructor(api: ClusterApi) {
    this.vpcs = new Informer(api, 'Vpc');
    this.subnets = new Informer(api, 'Subnet');
    this.vlans = new Informer(api, 'Vlan');
    this.providerNetworks = new Informer(api, 'ProviderNetwork');
    this.ips = new Informer(api, 'IP');
    this.ippools = new Informer(api, 'IPPool');
    this.nodes = new Informer(api, 'Node');
    this.namespaces = new Informer(api, 'Namespace');
    this.pods = new Informer(api, 'Pod');
    this.statefulSets = new Informer(api, 'StatefulSet');
    this.ovnEips = new Informer(api, 'OvnEip');
    this.ovnFips = new Informer(api, 'OvnFip');
    this.ovnSnatRules = new Informer(api, 'OvnSnatRule');
    this.ovnDnatRules = new Informer(api, 'OvnDnatRule');
  }

  all(): Informer[] {
    return [
      this.vpcs,
      this.subnets,
      this.vlans,
      this.providerNetworks,
      this.ips,
      this.ippools,
      this.nodes,
      this.namespaces,
      this.pods,
      this.statefulSets,
      this.ovnEips,
      this.ovnFips,
      this.ovnSnatRules,
      this.ovnDnatRules,
    ] as unknown as Informer[];
  }

  async start(): Promise<void> {
    for (const i of this.all()) i.start();
    await Promise.all(this.all().map((i) => i.waitForSync()));
  }

  stop(): void {
    for (const i of this.all()) i.stop();
  }
}
