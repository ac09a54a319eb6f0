/** The OVSDB client's supported surface; everything else under src/ovn/ovsdb is implementation. */
export { OvsdbClient } from './client.js';
export type {
  MonitorHandle,
  MonitorHandler,
  MonitorRequests,
  OperationResult,
  OvsdbClientEvents,
  OvsdbClientOptions,
  RowUpdate2,
  TableUpdates2,
  TransactOptions,
} from './client.js';
export { Replica, ReplicaTable, sameDatum } from './replica.js';
export type { ReplicaRow, ReplicaTables, RowChange } from './replica.js';
export { TransactionBatch } from './transaction-batch.js';
export type { BatchResult } from './transaction-batch.js';
export { byUuid, operationsFor, ops } from './operations.js';
export type { AnyTables, Condition, ConditionFunction, Mutation, Mutator, Operation, TableMap, WriteRow } from './operations.js';
export { NamedUuid, namedUuid, isUuid, ZERO_UUID } from './encoding.js';
export type { UuidRef } from './encoding.js';
export {
  OvsdbClosedError,
  OvsdbDisconnectedError,
  OvsdbEncodingError,
  OvsdbError,
  OvsdbProtocolError,
  OvsdbRemoteError,
  OvsdbRpcError,
  OvsdbTimeoutError,
  OvsdbTransactionError,
} from './errors.js';
export { parseRemotes } from './remote.js';
export type { Remote } from './remote.js';
export type { ColumnType, DatabaseSchema, TableSchema } from './schema.js';
