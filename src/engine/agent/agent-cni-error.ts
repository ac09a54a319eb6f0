import type { CniErrorBody } from '../../cni/protocol.js';

/** A CNI request failure with its CNI error code, answered to the plugin as is. */
export class AgentCniError extends Error {
  override readonly name = 'AgentCniError';
  constructor(
    readonly code: number,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }

  toBody(): CniErrorBody {
    return { code: this.code, msg: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}
