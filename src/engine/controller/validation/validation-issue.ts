/**
 * One rejected input: the field, the value and, when the problem is a clash, the object it clashes with.
 * The controller puts these on the object's status (Ready=False with a reason) and in events; the CLI and the
 * TUI show the same text.
 */
export interface ValidationIssue {
  /** JSON-path-like field of the rejected object, e.g. `spec.cidrBlock`, `spec.excludeIps[1]`. */
  readonly field: string;
  readonly value: unknown;
  /** Condition reason, CamelCase, e.g. `CIDRConflict`, `VlanNotFound`, `InvalidGateway`. */
  readonly reason: string;
  /** A full sentence a user can act on; names the field and value, and the conflicting object if any. */
  readonly message: string;
  /** `Kind/name` (or `Kind/namespace/name`) of the object this input conflicts with or depends on. */
  readonly conflictsWith?: string;
}

/** Thrown by a reconciler when an object cannot be applied; nothing of it is written to OVN. */
export class ValidationError extends Error {
  override readonly name: string = 'ValidationError';
  constructor(
    readonly kind: string,
    readonly objectName: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`${kind} "${objectName}" is invalid: ${issues.map((i) => i.message).join('; ')}`);
  }

  /** The reason of the first issue, for a status condition. */
  get reason(): string {
    return this.issues[0]?.reason ?? 'Invalid';
  }
}

/** Builds an issue whose message is `<field> <value>: <text>`, the house format. */
export function issue(field: string, value: unknown, reason: string, text: string, conflictsWith?: string): ValidationIssue {
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  return { field, value, reason, message: `${field} ${shown}: ${text}`, ...(conflictsWith ? { conflictsWith } : {}) };
}
