import { ApiError } from '../api-error.js';
import { applyMergePatch } from '../merge-patch.js';
import { applyStrategicMergePatch } from '../strategic-merge-patch.js';
import type { KubeObject } from '../types.js';
import { applyJsonPatch } from './json-patch.js';

/**
 * The change a PATCH request's body makes, by its content type: merge patch (RFC 7386), strategic merge patch
 * (what kubectl sends for built-in kinds; also accepted for custom kinds, where it acts as a merge patch
 * with kubectl's directives understood) and JSON patch (RFC 6902). Server-side apply is not served.
 */
export function patchFunction(contentType: string | undefined, body: unknown): (current: KubeObject) => KubeObject {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (type) {
    case 'application/merge-patch+json':
      return (current) => applyMergePatch(current, body) as KubeObject;
    case 'application/strategic-merge-patch+json':
      return (current) => applyStrategicMergePatch(current, body) as KubeObject;
    case 'application/json-patch+json':
      return (current) => applyJsonPatch(current, body) as KubeObject;
    case 'application/apply-patch+yaml':
      throw new ApiError(415, 'UnsupportedMediaType', 'server-side apply is not supported by kovn: use `kubectl apply` without --server-side');
    default:
      throw new ApiError(415, 'UnsupportedMediaType', `the patch content type "${type}" is not supported`);
  }
}
