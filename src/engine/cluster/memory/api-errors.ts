import { ApiError, type FieldCause } from '../api-error.js';
import type { KindInfo } from '../types.js';

/**
 * The store's errors, worded as a Kubernetes API server words them so that messages read the same in the lab
 * and on a real cluster.
 */

/** `subnets.kubeovn.io`, `pods`: how the API server names a resource in NotFound/Conflict messages. */
export function resourceName(info: KindInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

/** `Subnet.kubeovn.io`, `Pod`: how the API server names a kind in Invalid messages. */
export function qualifiedKind(info: KindInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

export function notFound(info: KindInfo, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${resourceName(info)} "${name}" not found`, [], info.plural, name);
}

export function alreadyExists(info: KindInfo, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${resourceName(info)} "${name}" already exists`, [], info.plural, name);
}

export function conflict(info: KindInfo, name: string): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resourceName(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    [],
    info.plural,
    name,
  );
}

/** Invalid (422) with every rejected field: `Subnet.kubeovn.io "x" is invalid: spec.cidrBlock: Invalid value: …`. */
export function invalid(info: KindInfo, name: string, causes: readonly FieldCause[]): ApiError {
  const details = causes.map((c) => (c.message.startsWith(`${c.field}:`) || !c.field ? c.message : `${c.field}: ${c.message}`));
  const joined = details.length === 1 ? details[0] : `[${details.join(', ')}]`;
  return new ApiError(422, 'Invalid', `${qualifiedKind(info)} "${name}" is invalid: ${joined}`, causes, info.kind, name);
}

export function unknownKind(kind: string, apiVersion?: string): ApiError {
  const where = apiVersion ? ` in version "${apiVersion}"` : '';
  return new ApiError(404, 'NotFound', `no matches for kind "${kind}"${where}: the cluster does not serve it`);
}
