/**
 * The PostgreSQL store's shared core, no package subpath of its own: the SQL, the recorders and the error
 * translation that `eventsourcing/postgres` (node-postgres) and `eventsourcing/pglite` (PGlite) both run,
 * over the small {@link PostgresDatabase} interface each implements. It imports no driver, so the PGlite
 * store bundles for the browser without node-postgres.
 *
 * @module
 */
export type { PostgresDatabase, PostgresListener, PostgresRows, PostgresSession } from './database.js'
export {
  errorClassOf,
  isDriverError,
  MISSING_TABLE_HINT,
  sqlState,
  translatePostgresError,
  type PostgresErrorClass,
  type PostgresErrorContext,
} from './errors.js'
export { listenSql } from './schema.js'
export {
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresProcessRecorder,
  type PostgresProcessRecorderOptions,
  type PostgresRecorderOptions,
} from './recorders.js'
export { PostgresTrackingRecorder, type PostgresTrackingRecorderOptions } from './tracking-recorder.js'
export {
  PythonPostgresApplicationRecorder,
  PythonPostgresProcessRecorder,
  type PythonPostgresProcessRecorderOptions,
  type PythonPostgresRecorderOptions,
} from './python-recorders.js'
export { PostgresRecordersFactory } from './recorders-factory.js'
