import { NamedUuid } from './encoding.js';
import type { OperationResult, OvsdbClient, TransactOptions } from './client.js';
import { operationsFor, type Condition, type Mutation, type Operation, type TableMap, type WriteRow } from './operations.js';

export interface BatchResult {
  readonly results: readonly OperationResult[];
  /** The uuid the server gave a row inserted in this batch (by its reference or uuid-name). */
  uuidOf(ref: NamedUuid | string): string;
}

/**
 * Collects the writes of one reconcile pass and commits them as one transaction. `insert` returns a reference
 * that other rows of the same batch can hold in uuid columns (RFC 7047 named-uuid).
 */
export class TransactionBatch<T extends TableMap> {
  readonly #client: OvsdbClient<T>;
  readonly #operations: Operation<T>[] = [];
  readonly #build = operationsFor<T>();
  #insertIndex = new Map<string, number>();
  #nextName = 1;

  constructor(client: OvsdbClient<T>) {
    this.#client = client;
  }

  get size(): number {
    return this.#operations.length;
  }

  get operations(): readonly Operation<T>[] {
    return this.#operations;
  }

  /** Inserts a row; returns a reference to it usable in other rows of this batch. */
  insert<K extends keyof T & string>(table: K, row: WriteRow<T[K]>, uuidName?: string): NamedUuid {
    const name = uuidName ?? `kovn_row${this.#nextName++}`;
    if (this.#insertIndex.has(name)) throw new Error(`uuid-name ${name} used twice in one batch`);
    this.#insertIndex.set(name, this.#operations.length);
    this.#operations.push(this.#build.insert(table, row, name) as Operation<T>);
    return new NamedUuid(name);
  }

  update<K extends keyof T & string>(table: K, where: readonly Condition<T[K]>[], row: WriteRow<T[K]>): this {
    this.#operations.push(this.#build.update(table, where, row) as Operation<T>);
    return this;
  }

  mutate<K extends keyof T & string>(table: K, where: readonly Condition<T[K]>[], mutations: readonly Mutation<T[K]>[]): this {
    this.#operations.push(this.#build.mutate(table, where, mutations) as Operation<T>);
    return this;
  }

  delete<K extends keyof T & string>(table: K, where: readonly Condition<T[K]>[]): this {
    this.#operations.push(this.#build.delete(table, where) as Operation<T>);
    return this;
  }

  /** Any other operation (select, wait, assert …). */
  add(operation: Operation<T>): this {
    this.#operations.push(operation);
    return this;
  }

  comment(text: string): this {
    this.#operations.push({ op: 'comment', comment: text });
    return this;
  }

  /** Sends the batch as one transaction (no round trip when it is empty). */
  async commit(options: TransactOptions = {}): Promise<BatchResult> {
    const results = this.#operations.length === 0 ? [] : await this.#client.transact(this.#operations, options);
    const index = this.#insertIndex;
    return {
      results,
      uuidOf(ref: NamedUuid | string): string {
        const name = ref instanceof NamedUuid ? ref.name : ref;
        const i = index.get(name);
        const uuid = i === undefined ? undefined : results[i]?.uuid;
        if (uuid === undefined) throw new Error(`no row was inserted under uuid-name ${name} in this batch`);
        return uuid;
      },
    };
  }
}
