/** Kubernetes object names kovn creates: DNS-1123 labels (Subnet and Vpc names become OVN names too). */
const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` cannot name a new Subnet/Vpc/Vlan, or undefined when it can. */
export function objectNameProblem(name: string): string | undefined {
  if (name === '') return 'is required';
  if (name.length > 63) return 'must be at most 63 characters';
  if (!dns1123Label.test(name)) return 'must be lower-case letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}
