/**
 * `eventsourcing/pglite`: the PostgreSQL store on PGlite (`@electric-sql/pglite`, an optional peer
 * dependency: `npm install @electric-sql/pglite`), in memory, in a directory (Node) or in IndexedDB (a
 * browser). The same tables and recorder classes as `eventsourcing/postgres`. Select it with
 * `PERSISTENCE_MODULE=eventsourcing/pglite` and the `PGLITE_*` settings.
 *
 * @module
 */
export { PgliteDatastore, type PgliteDatastoreOptions } from './datastore.js'
export { translatePgliteError } from './errors.js'
export { PgliteFactory, PgliteFactory as Factory, PGLITE_DATA_DIR, PGLITE_SCHEMA } from './factory.js'
export { openPgliteWith, usePglite } from './instances.js'
export type { PgliteLike, PgliteQueryOptions, PgliteTransaction } from './pglite-like.js'
export {
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresProcessRecorder,
  PostgresRecordersFactory,
  PostgresTrackingRecorder,
  type PostgresDatabase,
  type PostgresListener,
  type PostgresProcessRecorderOptions,
  type PostgresRecorderOptions,
  type PostgresRows,
  type PostgresSession,
  type PostgresTrackingRecorderOptions,
} from '../postgres-core/index.js'
