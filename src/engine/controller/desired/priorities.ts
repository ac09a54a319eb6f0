/**
 * Logical_Router_Policy priorities (OVN evaluates higher first). The Kube-OVN values are kept where the
 * meaning is the same, so operators can read `ovn-nbctl lr-policy-list` as they are used to.
 */
export const PRIORITY = {
  /** East-west: destinations inside the VPC are never rerouted to a node. */
  subnetAllow: 31000,
  /** Pod → node InternalIP goes to that node's join address (enters the host through ovn0). */
  nodeAddress: 30000,
  /**
   * A centralized subnet's egress to its gateway node(s). Above the distributed per-node policy so a
   * centralized subnet can never follow its pods' nodes.
   */
  centralizedGateway: 29050,
  /** Distributed egress: a node's pods (its port group's address set) to that node's join address. */
  distributedGateway: 29000,
  /** U2O: traffic to an interconnected underlay subnet is never rerouted to a gateway node. */
  u2oAllow: 29400,
  /** U2O: an interconnected underlay subnet's traffic to node addresses goes to the physical gateway. */
  u2oNodeAddress: 31000,
  /** U2O: an interconnected underlay subnet's other off-VPC traffic leaves through the physical gateway. */
  u2oGateway: 29000,
} as const;
