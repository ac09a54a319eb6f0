import { decodeDatum } from './encoding.js';
import { OvsdbTransactionError } from './errors.js';
import type { AnyTables, Operation } from './operations.js';
import type { DatabaseSchema } from './schema.js';

/** One operation's result; `rows` (select) are decoded to plain values. */
export interface OperationResult {
  readonly uuid?: string;
  readonly count?: number;
  readonly rows?: Record<string, unknown>[];
}

/**
 * Throws OvsdbTransactionError for the first result carrying an error. RFC 7047: a failing operation's result
 * holds the error; a failure found at commit (e.g. referential integrity) is an extra result after the last
 * operation, so it has no operation index.
 */
export function throwOnTransactionError(
  database: string,
  results: readonly unknown[],
  opName: (index: number) => string | undefined,
): void {
  for (let i = 0; i < results.length; i++) {
    const r = results[i] as { error?: unknown; details?: unknown } | null;
    if (r && typeof r === 'object' && typeof r.error === 'string') {
      const op = opName(i);
      throw new OvsdbTransactionError(
        database,
        op === undefined ? undefined : i,
        op,
        r.error,
        typeof r.details === 'string' ? r.details : undefined,
        results,
      );
    }
  }
}

/** Plain-value results: inserted uuids, counts, and selected rows decoded with the schema. */
export function decodeResults(
  schema: DatabaseSchema,
  operations: readonly Operation<AnyTables>[],
  results: readonly unknown[],
): OperationResult[] {
  return operations.map((op, i) => decodeResult(schema, op, results[i] as Record<string, unknown> | null));
}

function decodeResult(schema: DatabaseSchema, op: Operation<AnyTables>, result: Record<string, unknown> | null): OperationResult {
  if (!result) return {};
  if (op.op === 'insert') return { uuid: (result.uuid as [string, string] | undefined)?.[1] };
  if (op.op === 'select') {
    const table = schema.tables.get(op.table)!;
    const rows = (result.rows as Record<string, unknown>[]).map((wireRow) => {
      const row: Record<string, unknown> = {};
      for (const column of Object.keys(wireRow)) {
        const type = table.columns.get(column);
        row[column] = type ? decodeDatum(type, wireRow[column]) : wireRow[column];
      }
      return row;
    });
    return { rows };
  }
  if (typeof result.count === 'number') return { count: result.count };
  return {};
}
