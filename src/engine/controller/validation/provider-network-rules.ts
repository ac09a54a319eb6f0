/**
 * ProviderNetwork rules (§10.4 and the Linux limits behind them): interface names must be names Linux can
 * hold, and the bridge `br-<name>` the agent creates must fit one too.
 */
import type { ValidationIssue } from './validation-issue.js';
import { issue } from './validation-issue.js';
import type { ProviderNetworkInput } from './inputs.js';
import { isNodeName } from './subnet-gateway-node-rules.js';
import { Reason } from './reasons.js';

/** Linux IFNAMSIZ is 16 bytes including the terminating NUL. */
export const MAX_INTERFACE_NAME_BYTES = 15;
const BRIDGE_PREFIX = 'br-';
/** The longest ProviderNetwork name whose bridge `br-<name>` is still a valid interface name. */
export const MAX_PROVIDER_NETWORK_NAME_BYTES = MAX_INTERFACE_NAME_BYTES - BRIDGE_PREFIX.length;

/** Why text cannot be a Linux interface name, or undefined when it can. */
export function interfaceNameProblem(text: string): string | undefined {
  if (text === '') return 'is required';
  if (Buffer.byteLength(text) > MAX_INTERFACE_NAME_BYTES) return `is longer than ${MAX_INTERFACE_NAME_BYTES} bytes, the Linux limit for interface names`;
  if (text === '.' || text === '..') return 'is not a valid interface name';
  if (/[/:\s]/.test(text)) return "must not contain '/', ':' or whitespace";
  return undefined;
}

function checkInterface(field: string, text: string | undefined, issues: ValidationIssue[]): void {
  const problem = interfaceNameProblem(text ?? '');
  if (problem) issues.push(issue(field, text ?? '', Reason.InvalidInterfaceName, problem));
}

function checkNodeNames(field: string, names: readonly string[], issues: ValidationIssue[]): void {
  names.forEach((name, index) => {
    if (!isNodeName(name)) issues.push(issue(`${field}[${index}]`, name, Reason.InvalidNodeName, 'is not a valid Node name'));
  });
}

function checkCustomInterfaces(pn: ProviderNetworkInput, issues: ValidationIssue[]): void {
  const interfaceOfNode = new Map<string, string>();
  (pn.spec.customInterfaces ?? []).forEach((custom, index) => {
    const field = `spec.customInterfaces[${index}]`;
    checkInterface(`${field}.interface`, custom.interface, issues);
    checkNodeNames(`${field}.nodes`, custom.nodes ?? [], issues);
    for (const node of custom.nodes ?? []) {
      const earlier = interfaceOfNode.get(node);
      if (earlier !== undefined && earlier !== custom.interface) {
        const text = `is listed for interface "${earlier}" and for "${custom.interface ?? ''}"; a node uses one interface per provider network`;
        issues.push(issue(`${field}.nodes`, node, Reason.DuplicateCustomInterfaceNode, text, `Node/${node}`));
      }
      interfaceOfNode.set(node, custom.interface ?? '');
    }
  });
}

function checkVlanInterfaces(pn: ProviderNetworkInput, issues: ValidationIssue[]): void {
  (pn.spec.vlanInterfaces ?? []).forEach((text, index) => {
    const field = `spec.vlanInterfaces[${index}]`;
    const match = /^(.+)\.(\d{1,4})$/.exec(text);
    if (!match || Number(match[2]) > 4095 || interfaceNameProblem(match[1]) || interfaceNameProblem(text)) {
      issues.push(issue(field, text, Reason.InvalidVlanInterface, `must be <interface>.<vlan id 0..4095>, at most ${MAX_INTERFACE_NAME_BYTES} bytes`));
    }
  });
}

/** Every rule for one ProviderNetwork. */
export function validateProviderNetwork(pn: ProviderNetworkInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const name = pn.metadata.name;
  if (Buffer.byteLength(name) > MAX_PROVIDER_NETWORK_NAME_BYTES) {
    const text = `is longer than ${MAX_PROVIDER_NETWORK_NAME_BYTES} bytes: its bridge "${BRIDGE_PREFIX}${name}" would exceed the ${MAX_INTERFACE_NAME_BYTES}-byte Linux interface name limit`;
    issues.push(issue('metadata.name', name, Reason.ProviderNetworkNameTooLong, text));
  }
  if ((pn.spec.defaultInterface ?? '') === '') {
    issues.push(issue('spec.defaultInterface', '', Reason.MissingDefaultInterface, 'is required: the node NIC to attach to the bridge'));
  } else {
    checkInterface('spec.defaultInterface', pn.spec.defaultInterface, issues);
  }
  checkCustomInterfaces(pn, issues);
  checkNodeNames('spec.excludeNodes', pn.spec.excludeNodes ?? [], issues);
  checkVlanInterfaces(pn, issues);
  return issues;
}
