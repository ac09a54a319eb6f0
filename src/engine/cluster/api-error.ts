/** Kubernetes status reasons kovn produces or handles. */
export type ApiErrorReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Gone'
  | 'Forbidden'
  | 'Unauthorized'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'ServiceUnavailable'
  | 'Timeout';

/** One rejected field of an Invalid object, as in a Kubernetes Status `details.causes` entry. */
export interface FieldCause {
  /** JSON-path-like field, e.g. `spec.cidrBlock` or `spec.excludeIps[2]`. */
  readonly field: string;
  /** Kubernetes cause type, e.g. `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`. */
  readonly reason: string;
  readonly message: string;
}

/**
 * An error from the cluster API, shaped like a Kubernetes `Status`: HTTP code, reason, message, and for
 * Invalid objects the rejected fields. Both ClusterApi implementations throw only this for API failures.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: number,
    readonly reason: ApiErrorReason,
    message: string,
    readonly causes: readonly FieldCause[] = [],
    readonly kind?: string,
    readonly objectName?: string,
  ) {
    super(message);
  }

  /** The Kubernetes Status object for an HTTP response body. */
  toStatus(): Record<string, unknown> {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      details: {
        ...(this.objectName ? { name: this.objectName } : {}),
        ...(this.kind ? { kind: this.kind } : {}),
        ...(this.causes.length ? { causes: this.causes } : {}),
      },
      code: this.code,
    };
  }
}

export function isApiError(err: unknown, reason?: ApiErrorReason): err is ApiError {
  return err instanceof ApiError && (reason === undefined || err.reason === reason);
}
