import { ApiError } from '../api-error.js';

/**
 * Just enough of Kubernetes' protobuf encoding to read what kubectl's generators send for the built-in kinds
 * kovn serves with a simple body: `kubectl create namespace` posts a protobuf Namespace and offers no JSON
 * fallback. Bodies are `k8s\0` + runtime.Unknown{typeMeta, raw}; `raw` is decoded with the field numbers of
 * k8s.io/api's generated.proto for the messages listed below. Anything else is refused with 415.
 */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type FieldSpec = { name: string; type: 'string' | 'int' | 'bytes' | 'map' | 'strings' | 'message'; message?: MessageSpec; repeated?: boolean };
type MessageSpec = Record<number, FieldSpec>;

const stringMap: FieldSpec['type'] = 'map';
const objectMeta: MessageSpec = {
  1: { name: 'name', type: 'string' },
  2: { name: 'generateName', type: 'string' },
  3: { name: 'namespace', type: 'string' },
  11: { name: 'labels', type: stringMap },
  12: { name: 'annotations', type: stringMap },
  14: { name: 'finalizers', type: 'strings' },
};
const namespace: MessageSpec = {
  1: { name: 'metadata', type: 'message', message: objectMeta },
  2: { name: 'spec', type: 'message', message: { 1: { name: 'finalizers', type: 'strings' } } },
};
const typeMeta: MessageSpec = { 1: { name: 'apiVersion', type: 'string' }, 2: { name: 'kind', type: 'string' } };
const unknown: MessageSpec = { 1: { name: 'typeMeta', type: 'message', message: typeMeta }, 2: { name: 'raw', type: 'bytes' } };

/** Messages by `apiVersion/kind` that kovn reads from protobuf. */
const messages: Record<string, MessageSpec> = { 'v1/Namespace': namespace };

interface Cursor {
  buf: Buffer;
  pos: number;
}

function varint(c: Cursor): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (c.pos >= c.buf.length) throw new Error('truncated varint');
    const byte = c.buf[c.pos++];
    result += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return result;
    shift += 7;
  }
}

function lengthDelimited(c: Cursor): Buffer {
  const len = varint(c);
  if (c.pos + len > c.buf.length) throw new Error('truncated field');
  const out = c.buf.subarray(c.pos, c.pos + len);
  c.pos += len;
  return out;
}

function skip(c: Cursor, wireType: number): void {
  if (wireType === 0) varint(c);
  else if (wireType === 1) c.pos += 8;
  else if (wireType === 2) lengthDelimited(c);
  else if (wireType === 5) c.pos += 4;
  else throw new Error(`unsupported wire type ${wireType}`);
}

function decodeMessage(buf: Buffer, spec: MessageSpec): Record<string, unknown> {
  const c: Cursor = { buf, pos: 0 };
  const out: Record<string, unknown> = {};
  while (c.pos < buf.length) {
    const key = varint(c);
    const field = spec[Math.floor(key / 8)];
    const wireType = key & 7;
    if (!field) {
      skip(c, wireType);
      continue;
    }
    if (field.type === 'int') {
      out[field.name] = varint(c);
      continue;
    }
    const bytes = lengthDelimited(c);
    // Go encodes unset optional strings as empty ones; JSON leaves them out.
    if (field.type === 'string') {
      if (bytes.length) out[field.name] = bytes.toString('utf8');
    }
    else if (field.type === 'bytes') out[field.name] = bytes;
    else if (field.type === 'strings') out[field.name] = [...((out[field.name] as string[]) ?? []), bytes.toString('utf8')];
    else if (field.type === 'map') {
      const entry = decodeMessage(bytes, { 1: { name: 'key', type: 'string' }, 2: { name: 'value', type: 'string' } });
      out[field.name] = { ...((out[field.name] as Record<string, string>) ?? {}), [String(entry.key ?? '')]: String(entry.value ?? '') };
    } else out[field.name] = decodeMessage(bytes, field.message!);
  }
  return out;
}

export function isProtobufContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0].trim() === 'application/vnd.kubernetes.protobuf';
}

/** The object a protobuf body carries, as JSON; UnsupportedMediaType (415) for kinds kovn cannot read. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  if (!body.subarray(0, 4).equals(MAGIC)) throw new ApiError(400, 'BadRequest', 'the protobuf body lacks the k8s envelope');
  try {
    const envelope = decodeMessage(body.subarray(4), unknown);
    const meta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
    const spec = messages[`${meta.apiVersion}/${meta.kind}`];
    if (!spec) {
      throw new ApiError(415, 'UnsupportedMediaType', `kovn reads protobuf only for ${Object.keys(messages).join(', ')}, not ${meta.apiVersion}/${meta.kind}: send JSON (e.g. kubectl apply -f)`);
    }
    return { apiVersion: meta.apiVersion, kind: meta.kind, ...decodeMessage((envelope.raw as Buffer) ?? Buffer.alloc(0), spec) };
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(400, 'BadRequest', `cannot read the protobuf body: ${(err as Error).message}`);
  }
}
