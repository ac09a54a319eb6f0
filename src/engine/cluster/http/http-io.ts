import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api-error.js';
import { decodeProtobufObject, isProtobufContentType } from './protobuf-body.js';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const apiError = err instanceof ApiError ? err : new ApiError(500, 'InternalError', `internal error: ${(err as Error)?.message ?? String(err)}`);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, apiError.code, statusBody(apiError));
}

/**
 * The Status of an error. A cause's `message` leaves out its field, as on the API server: kubectl prints
 * `field: message` itself, so a message that repeated the field would show it twice.
 */
function statusBody(err: ApiError): Record<string, unknown> {
  const status = err.toStatus();
  const details = status.details as { causes?: { field: string; reason: string; message: string }[] };
  if (details.causes) {
    details.causes = details.causes.map((c) => ({ ...c, message: c.field && c.message.startsWith(`${c.field}: `) ? c.message.slice(c.field.length + 2) : c.message }));
  }
  return status;
}

/** The request body parsed as JSON; undefined when empty; BadRequest when it is not JSON. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  const protobuf = isProtobufContentType(type);
  if (!protobuf && /protobuf|cbor|yaml/.test(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', `the body content type "${type}" is not supported: send JSON`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413 as number, 'BadRequest', 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  if (protobuf) return decodeProtobufObject(Buffer.concat(chunks));
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'BadRequest', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}
