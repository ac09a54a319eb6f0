import type { ValidationIssue } from '../engine/controller/validation/index.js';
import { ValidationError } from '../engine/controller/validation/validation-issue.js';

/**
 * The input of an action is invalid: nothing was written. The controller's ValidationError (kind, object,
 * issues naming field, value and conflicting object, in the words the controller puts on a status), plus a
 * per-field lookup for forms.
 */
export class ActionValidationError extends ValidationError {
  override readonly name: string = 'ActionValidationError';

  /** The issues of one field (`spec.vlan`, `spec.staticRoutes[0].nextHopIP` …). */
  issuesOf(field: string): ValidationIssue[] {
    return this.issues.filter((i) => i.field === field || i.field.startsWith(`${field}[`) || i.field.startsWith(`${field}.`));
  }
}

/** The object changed (or appeared, or vanished) since the plan was made: re-plan, nothing was overwritten. */
export class ActionConflictError extends Error {
  override readonly name = 'ActionConflictError';
  constructor(
    readonly kind: string,
    readonly objectName: string,
    /** What differs from the planned-against version, e.g. `spec.gatewayNode: "n1" → "n2"`. */
    readonly changedFields: readonly string[],
    detail: string,
  ) {
    super(`${kind} "${objectName}" ${detail}; nothing was written — plan again`);
  }
}
