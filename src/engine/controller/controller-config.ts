import { DEFAULT_SUBNET, DEFAULT_VPC, JOIN_SUBNET } from './ovn-names.js';

/** Start-up settings of the controller (Kube-OVN's `--cluster-router`, `--default-cidr`, … flags). */
export interface ControllerConfig {
  readonly defaultVpc: string;
  readonly defaultSubnet: string;
  readonly defaultCidr: string;
  readonly joinSubnet: string;
  readonly joinCidr: string;
  /** The name events are reported under. */
  readonly component: string;
  /** Debounce of Northbound passes: reconciles within this window share one transaction. */
  readonly nbDebounceMs: number;
  /** Parallel workers per kind queue. */
  readonly workers: number;
  /**
   * The underlay subnet `enableExternal` connects VPC routers to and OvnEips take addresses from by default
   * (Kube-OVN's `--external-gateway-switch`, default `external`).
   */
  readonly externalGatewaySwitch: string;
}

export const defaultControllerConfig: ControllerConfig = {
  defaultVpc: DEFAULT_VPC,
  defaultSubnet: DEFAULT_SUBNET,
  defaultCidr: '10.16.0.0/16',
  joinSubnet: JOIN_SUBNET,
  joinCidr: '100.64.0.0/16',
  component: 'kovn-controller',
  nbDebounceMs: 10,
  workers: 4,
  externalGatewaySwitch: 'external',
};
