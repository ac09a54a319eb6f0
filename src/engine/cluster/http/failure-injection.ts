import { ApiError, type ApiErrorReason } from '../api-error.js';

/** A failure the server returns instead of serving matching requests (test-facing). */
export interface InjectedFailure {
  /** Requests whose path (with query) matches fail. */
  readonly path: RegExp;
  /** Only this method (GET, PUT …); any when absent. */
  readonly method?: string;
  readonly status: 401 | 403 | 404 | 409 | 410 | 422 | 429 | 500 | 503 | 504;
  /** How many matching requests fail; every one when absent. */
  readonly times?: number;
}

const reasons: Record<InjectedFailure['status'], ApiErrorReason> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  422: 'Invalid',
  429: 'ServiceUnavailable',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The failures injected into one server, consumed as requests match them. */
export class FailurePlan {
  private readonly failures: { failure: InjectedFailure; left: number }[] = [];

  add(failure: InjectedFailure): void {
    this.failures.push({ failure, left: failure.times ?? Infinity });
  }

  clear(): void {
    this.failures.length = 0;
  }

  /** The error to answer this request with, if an injected failure matches it (and counts it). */
  take(method: string, pathAndQuery: string): ApiError | undefined {
    const hit = this.failures.find((f) => f.left > 0 && (!f.failure.method || f.failure.method === method) && f.failure.path.test(pathAndQuery));
    if (!hit) return undefined;
    hit.left--;
    const status = hit.failure.status;
    return new ApiError(status, reasons[status], `injected failure: ${status} for ${method} ${pathAndQuery}`);
  }
}
