import { isApiError } from '../../engine/cluster/api-error.js';

/**
 * How kubectl shows a failed request: `Error from server (Invalid): Subnet.kubeovn.io "x" is invalid: …`,
 * with each rejected field on its own line when there are several.
 */
export function apiErrorMessage(err: unknown): string | undefined {
  if (!isApiError(err)) return undefined;
  const fields = err.causes.length > 1 ? err.causes.map((c) => `\n  * ${c.message}`).join('') : '';
  return `Error from server (${err.reason}): ${err.message}${fields}\n`;
}
