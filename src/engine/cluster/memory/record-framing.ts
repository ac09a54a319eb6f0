import { crc32 } from 'node:zlib';

/**
 * Length + checksum framing of the store's files: each record is `u32 length | u32 crc32 | payload`
 * (little endian). A torn or corrupted record shows up as a short frame or a checksum mismatch.
 */
const HEADER_BYTES = 8;

export function frameRecord(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  frame.writeUInt32LE(body.length, 0);
  frame.writeUInt32LE(crc32(body), 4);
  body.copy(frame, HEADER_BYTES);
  return frame;
}

export interface ReadFrames {
  /** The payloads of every intact record, in order. */
  readonly payloads: string[];
  /** Bytes up to the end of the last intact record: where a torn tail starts. */
  readonly intactBytes: number;
}

/** Reads records until the end or the first torn/corrupt one. */
export function readFrames(data: Buffer): ReadFrames {
  const payloads: string[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= data.length) {
    const length = data.readUInt32LE(offset);
    const checksum = data.readUInt32LE(offset + 4);
    const end = offset + HEADER_BYTES + length;
    if (end > data.length) break;
    const body = data.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== checksum) break;
    payloads.push(body.toString('utf8'));
    offset = end;
  }
  return { payloads, intactBytes: offset };
}
