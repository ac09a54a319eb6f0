import { EventEmitter } from 'node:events';

/** A stdout Ink can render into without a terminal: keeps every frame (Ink's debug mode writes whole frames). */
export class HeadlessStdout extends EventEmitter {
  readonly frames: string[] = [];
  readonly isTTY = true;
  bytes = 0;

  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }

  write = (frame: string): boolean => {
    this.bytes += Buffer.byteLength(frame);
    this.frames.push(frame);
    return true;
  };

  lastFrame(): string {
    return this.frames[this.frames.length - 1] ?? '';
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/** A stdin that hands Ink one chunk per `readable`, as a raw-mode terminal does. */
export class HeadlessStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string[] = [];

  send(chunk: string): void {
    this.pending.push(chunk);
    this.emit('readable');
  }

  read = (): string | null => this.pending.shift() ?? null;
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}
