import { connect, type Socket } from 'node:net';

/**
 * The raw limit: writes already-serialized JSON-RPC requests to an ovsdb-server's unix socket and only counts
 * complete top-level JSON values coming back (a byte scanner that tracks strings and brace depth). No encoding
 * or decoding of its own, so its times are the server's.
 */
export class RawOvsdbSender {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private completed = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.scan(chunk));
  }

  static async connect(socketPath: string): Promise<RawOvsdbSender> {
    const socket = connect(socketPath);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawOvsdbSender(socket);
  }

  /** Sends the bytes and resolves when `replies` more complete JSON values have arrived. */
  async send(payload: string | Buffer, replies = 1): Promise<void> {
    const target = this.completed + replies;
    const done = new Promise<void>((resolve) => this.waiters.push({ count: target, resolve }));
    this.socket.write(payload);
    await done;
  }

  close(): void {
    this.socket.destroy();
  }

  private scan(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === 0) this.completed++;
      }
    }
    this.waiters = this.waiters.filter((w) => {
      if (this.completed < w.count) return true;
      w.resolve();
      return false;
    });
  }
}
