import { ApiException } from '@kubernetes/client-node';
import { ApiError, type ApiErrorReason, type FieldCause } from '../api-error.js';

/** Turns what client-node or a Kubernetes API server returns into kovn's ApiError (the only error ClusterApi throws). */

const reasonsByCode: Record<number, ApiErrorReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Gone',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'ServiceUnavailable',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

const knownReasons = new Set<string>([...Object.values(reasonsByCode), 'AlreadyExists']);

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: { field?: string; reason?: string; message?: string }[] };
}

function reasonFor(code: number, reason: string | undefined): ApiErrorReason {
  if (reason && knownReasons.has(reason)) return reason as ApiErrorReason;
  return reasonsByCode[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

/**
 * A server's cause message leaves the field out (`Invalid value: 5000: …`); kovn's FieldCause, as the embedded
 * store produces it, names it first (`spec.id: Invalid value: 5000: …`). Both ClusterApi implementations agree.
 */
function causeWithField(cause: { field?: string; reason?: string; message?: string }): FieldCause {
  const field = cause.field ?? '';
  const message = cause.message ?? '';
  return { field, reason: cause.reason ?? '', message: field && !message.startsWith(`${field}: `) ? `${field}: ${message}` : message };
}

/** An ApiError from a v1.Status (object or JSON text) and the HTTP code it came with. */
export function apiErrorFromStatus(code: number, body: unknown): ApiError {
  let status: StatusBody | undefined;
  if (typeof body === 'string') {
    try {
      status = JSON.parse(body) as StatusBody;
    } catch {
      status = { message: body.trim() || undefined };
    }
  } else if (body && typeof body === 'object') {
    status = body as StatusBody;
  }
  const httpCode = status?.code ?? code;
  const causes: FieldCause[] = (status?.details?.causes ?? []).map(causeWithField);
  const message = status?.message ?? `the server answered ${httpCode}`;
  return new ApiError(httpCode, reasonFor(httpCode, status?.reason), message, causes, status?.details?.kind, status?.details?.name);
}

/** Any failure of a request: ApiError as is; ApiException (body: JSON text of a Status); network errors as 503. */
export function toApiError(err: unknown, what: string): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ApiException) return apiErrorFromStatus(err.code, err.body);
  const e = err as { statusCode?: number; code?: string; message?: string; cause?: { code?: string } };
  if (typeof e?.statusCode === 'number') return apiErrorFromStatus(e.statusCode, e.message);
  const code = e?.code ?? e?.cause?.code;
  const detail = code ? `${code}${e?.message && !e.message.includes(code) ? `: ${e.message}` : ''}` : (e?.message ?? String(err));
  return new ApiError(503, 'ServiceUnavailable', `cannot reach the cluster (${what}): ${detail}`);
}
