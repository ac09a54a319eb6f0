import type { CniErrorBody } from './protocol.js';

/** A failure the plugin reports as a CNI error JSON object (code, msg, details) with a non-zero exit. */
export class CniError extends Error {
  override readonly name = 'CniError';
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly details?: string,
  ) {
    super(msg);
  }

  toBody(): CniErrorBody {
    return { code: this.code, msg: this.msg, ...(this.details ? { details: this.details } : {}) };
  }
}
