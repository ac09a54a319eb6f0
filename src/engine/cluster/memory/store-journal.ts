import { mkdirSync, openSync, closeSync, fsyncSync, readFileSync, existsSync, ftruncateSync, writeFileSync, renameSync, statSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { frameRecord, readFrames } from './record-framing.js';
import { isProcessAlive } from '../../proc/process-state.js';

/** One change as the journal keeps it: the whole object after the change, or `null` when it was removed. */
export interface StoredChange {
  readonly rv: number;
  readonly kind: string;
  readonly key: string;
  readonly object: unknown;
}

/** What a snapshot holds: the store's version and every object at that version. */
export interface SnapshotSource {
  readonly rv: number;
  readonly objects: Iterable<{ kind: string; key: string; json: string }>;
}

export interface LoadedState {
  readonly rv: number;
  /** Every object to restore, in journal order (later entries win). `object: null` removes. */
  readonly changes: StoredChange[];
}

const JOURNAL = 'journal.log';
const SNAPSHOT = 'snapshot.db';
const LOCK = 'lock';

/**
 * The store's durable half: an append-only journal of framed records plus a snapshot written by
 * temp file + fsync + rename. Appends that arrive in the same tick share one write and one fsync (group commit);
 * each append resolves only after its fsync. A torn tail is cut off on open. When the journal grows past
 * `compactBytes` the store's state is written as a new snapshot and the journal starts over.
 */
export class StoreJournal {
  private pending: { frame: Buffer; resolve: () => void; reject: (e: Error) => void }[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | undefined;
  private journalBytes: number;
  private snapshotBytes = 0;
  private failure: Error | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly handle: FileHandle,
    journalBytes: number,
    private readonly compactBytes: number,
    private readonly snapshotSource: () => SnapshotSource,
  ) {
    this.journalBytes = journalBytes;
  }

  /**
   * Opens (creating) the journal in `dir`, takes the directory's lock, repairs a torn tail and returns the
   * state to restore. `snapshotSource` is called at compaction time for the store's current content.
   */
  static async open(
    dir: string,
    snapshotSource: () => SnapshotSource,
    compactBytes = 64 * 1024 * 1024,
  ): Promise<{ journal: StoreJournal; loaded: LoadedState }> {
    mkdirSync(dir, { recursive: true });
    takeLock(dir);
    const snapshot = readSnapshot(join(dir, SNAPSHOT));
    const journalPath = join(dir, JOURNAL);
    const { changes, intactBytes } = readJournal(journalPath, snapshot.rv);
    const fd = openSync(journalPath, 'a');
    // Cut a torn or corrupt tail so new records follow the last intact one.
    ftruncateSync(fd, intactBytes);
    fsyncSync(fd);
    closeSync(fd);
    // A new journal file's directory entry must be durable too, or a crash could lose the whole file.
    syncDirectory(dir);
    const handle = await open(journalPath, 'a');
    const journal = new StoreJournal(dir, handle, intactBytes, compactBytes, snapshotSource);
    journal.snapshotBytes = existsSync(join(dir, SNAPSHOT)) ? statSync(join(dir, SNAPSHOT)).size : 0;
    const rv = changes.reduce((max, c) => Math.max(max, c.rv), snapshot.rv);
    return { journal, loaded: { rv, changes: [...snapshot.changes, ...changes] } };
  }

  /** Appends one change; resolves once it is on disk. `objectJson` is the object already serialized, or null. */
  append(rv: number, kind: string, key: string, objectJson: string | null): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the store journal is closed'));
    const payload = `{"rv":${rv},"kind":${JSON.stringify(kind)},"key":${JSON.stringify(key)},"object":${objectJson ?? 'null'}}`;
    return new Promise((resolve, reject) => {
      this.pending.push({ frame: frameRecord(payload), resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flushing = this.flushLoop().finally(() => {
        this.flushing = undefined;
        if (this.pending.length) this.scheduleFlush();
      });
    });
  }

  private async flushLoop(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      try {
        if (this.failure) throw this.failure;
        const data = Buffer.concat(batch.map((b) => b.frame));
        await this.handle.write(data);
        await this.handle.datasync();
        this.journalBytes += data.length;
        for (const b of batch) b.resolve();
      } catch (err) {
        // After a failed write the file's tail is unknown: refuse every later write rather than guess.
        this.failure ??= new Error(`the store journal in ${this.dir} failed: ${(err as Error).message}`);
        for (const b of batch) b.reject(this.failure);
      }
      // Compacting only once the journal outgrows the last snapshot keeps rewrites proportional to writes.
      if (!this.failure && this.journalBytes > Math.max(this.compactBytes, this.snapshotBytes)) await this.compact();
    }
  }

  /** Writes the current state as the snapshot, then empties the journal. Runs between flushes only. */
  private async compact(): Promise<void> {
    const source = this.snapshotSource();
    const frames: Buffer[] = [];
    let count = 0;
    for (const o of source.objects) {
      frames.push(frameRecord(`{"kind":${JSON.stringify(o.kind)},"key":${JSON.stringify(o.key)},"object":${o.json}}`));
      count++;
    }
    const header = frameRecord(JSON.stringify({ snapshot: 1, rv: source.rv, count }));
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const out = await open(tmp, 'w');
    const data = Buffer.concat([header, ...frames]);
    this.snapshotBytes = data.length;
    try {
      await out.write(data);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, join(this.dir, SNAPSHOT));
    syncDirectory(this.dir);
    // Records up to the snapshot's version are skipped on replay, so a crash before this truncate is harmless.
    await this.handle.truncate(0);
    await this.handle.sync();
    this.journalBytes = 0;
  }

  /** Waits for every pending append, then closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing || this.flushScheduled || this.pending.length) {
      if (this.flushing) await this.flushing;
      else await new Promise((r) => setImmediate(r));
    }
    await this.handle.close();
    releaseLock(this.dir);
  }
}

function readSnapshot(path: string): { rv: number; changes: StoredChange[] } {
  if (!existsSync(path)) return { rv: 0, changes: [] };
  const { payloads } = readFrames(readFileSync(path));
  const header = payloads.length ? (JSON.parse(payloads[0]) as { snapshot?: number; rv: number; count: number }) : undefined;
  // A snapshot is only ever renamed into place complete, so anything short of that is damage, not a torn write.
  if (!header || header.snapshot !== 1 || payloads.length - 1 !== header.count) {
    throw new Error(`the store snapshot ${path} is damaged (expected ${header?.count ?? '?'} objects, read ${payloads.length - 1})`);
  }
  const changes = payloads.slice(1).map((p) => ({ ...(JSON.parse(p) as Omit<StoredChange, 'rv'>), rv: header.rv }));
  return { rv: header.rv, changes };
}

function readJournal(path: string, snapshotRv: number): { changes: StoredChange[]; intactBytes: number } {
  if (!existsSync(path)) return { changes: [], intactBytes: 0 };
  const { payloads, intactBytes } = readFrames(readFileSync(path));
  const changes = payloads.map((p) => JSON.parse(p) as StoredChange).filter((c) => c.rv > snapshotRv);
  return { changes, intactBytes };
}

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** One process at a time owns a store directory; a lock left by a dead process is taken over. */
function takeLock(dir: string): void {
  const path = join(dir, LOCK);
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (pid && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(`the cluster store in ${dir} is in use by process ${pid}; stop it first (e.g. \`kovn lab down\`)`);
    }
  }
  writeFileSync(`${path}.tmp`, `${process.pid}\n`);
  renameSync(`${path}.tmp`, path);
}

function releaseLock(dir: string): void {
  const path = join(dir, LOCK);
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) writeFileSync(path, '');
  } catch {
    // Already gone: nothing to release.
  }
}
