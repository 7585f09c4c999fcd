/**
 * `eventsourcing/postgres`: the PostgreSQL store on node-postgres (`pg`, an optional peer dependency:
 * `npm install pg`). Select it with `PERSISTENCE_MODULE=eventsourcing/postgres` and the `POSTGRES_*`
 * settings.
 *
 * @module
 */
export { PostgresDatastore, type PostgresDatastoreOptions } from './datastore.js'
export {
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresProcessRecorder,
  PostgresRecordersFactory,
  PostgresTrackingRecorder,
  PythonPostgresApplicationRecorder,
  PythonPostgresProcessRecorder,
  translatePostgresError,
  type PostgresDatabase,
  type PostgresErrorContext,
  type PostgresListener,
  type PostgresProcessRecorderOptions,
  type PostgresRecorderOptions,
  type PostgresRows,
  type PostgresSession,
  type PostgresTrackingRecorderOptions,
  type PythonPostgresProcessRecorderOptions,
  type PythonPostgresRecorderOptions,
} from '../postgres-core/index.js'
export {
  PostgresFactory,
  PostgresFactory as Factory,
  POSTGRES_CONNECT_TIMEOUT,
  POSTGRES_DBNAME,
  POSTGRES_HOST,
  POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT,
  POSTGRES_LOCK_TIMEOUT,
  POSTGRES_PASSWORD,
  POSTGRES_POOL_SIZE,
  POSTGRES_PORT,
  POSTGRES_SCHEMA,
  POSTGRES_USER,
} from './factory.js'
export { PythonPostgresFactory, PythonPostgresFactory as PythonFactory } from './python-factory.js'
