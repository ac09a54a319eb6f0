/**
 * Splits a byte stream of concatenated JSON texts (what OVSDB's JSON-RPC sends: no length prefix, no delimiter)
 * into whole messages. The scanner state (nesting depth, inside a string, after a backslash) survives between
 * chunks, so each byte is scanned once however a message is split — a 10 MB reply arriving in 64 KB chunks costs
 * one pass, not one pass per chunk. It works on bytes, so a multi-byte UTF-8 character split across chunks is
 * reassembled before decoding (every byte of a multi-byte character is >= 0x80 and cannot look like syntax).
 */

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonFramingError extends Error {
  override readonly name = 'JsonFramingError';
  constructor(
    message: string,
    /** Up to 200 characters of the offending input, for the error report. */
    readonly excerpt: string,
  ) {
    super(message);
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function excerptOf(bytes: Buffer): string {
  return bytes.subarray(0, 200).toString('utf8');
}

export class JsonFramer {
  /** Chunks (or chunk tails) holding the start of the unfinished message. */
  #parts: Buffer[] = [];
  #partsLength = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;

  constructor(private readonly maxMessageBytes = 1 << 30) {}

  /** Feeds one chunk; returns the messages it completed, already parsed. Throws JsonFramingError on bad input. */
  push(chunk: Buffer): unknown[] {
    const messages: unknown[] = [];
    let start = this.#depth === 0 ? -1 : 0; // where the current message begins inside `chunk`
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    const length = chunk.length;
    // Next backslash at or after the scan position, cached: searching afresh inside every string would make a
    // chunk without backslashes cost O(strings x chunk length).
    let nextBackslash = -2;
    for (let i = 0; i < length; i++) {
      if (inString) {
        // Jump straight to the next quote or backslash: most bytes of a large message are inside strings.
        if (escaped) {
          escaped = false;
          continue;
        }
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i);
        const quote = chunk.indexOf(QUOTE, i);
        const next = nextBackslash >= 0 && (quote < 0 || nextBackslash < quote) ? nextBackslash : quote;
        if (next < 0) {
          i = length;
          break;
        }
        i = next;
        if (chunk[i] === BACKSLASH) escaped = true;
        else inString = false;
        continue;
      }
      const byte = chunk[i];
      if (depth === 0) {
        if (isWhitespace(byte)) continue;
        if (byte !== OPEN_BRACE && byte !== OPEN_BRACKET) {
          throw new JsonFramingError(
            `expected '{' to start a JSON-RPC message, got ${JSON.stringify(String.fromCharCode(byte))}`,
            excerptOf(chunk.subarray(i)),
          );
        }
        start = i;
        depth = 1;
        continue;
      }
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) {
          messages.push(this.#finish(chunk.subarray(start, i + 1)));
          start = -1;
        }
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    if (depth > 0 && start >= 0) {
      const tail = chunk.subarray(start);
      this.#partsLength += tail.length;
      if (this.#partsLength > this.maxMessageBytes) {
        throw new JsonFramingError(`message exceeds ${this.maxMessageBytes} bytes`, excerptOf(this.#parts[0] ?? tail));
      }
      // Copy: the socket may reuse the chunk's memory after this call returns.
      this.#parts.push(Buffer.from(tail));
    }
    return messages;
  }

  /** True when a message has started but not finished (used to report truncated input at end of stream). */
  get hasPartialMessage(): boolean {
    return this.#depth > 0;
  }

  #finish(last: Buffer): unknown {
    let bytes = last;
    if (this.#parts.length > 0) {
      this.#parts.push(last);
      bytes = Buffer.concat(this.#parts, this.#partsLength + last.length);
      this.#parts = [];
      this.#partsLength = 0;
    }
    const text = bytes.toString('utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonFramingError(`invalid JSON: ${(error as Error).message}`, text.slice(0, 200));
    }
  }
}
