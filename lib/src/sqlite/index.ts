/**
 * `eventsourcing/sqlite`: the SQLite store on Node's built-in `node:sqlite` (Node 22.13 or later, no
 * native build step). Select it with `PERSISTENCE_MODULE=eventsourcing/sqlite` and `SQLITE_DBNAME`.
 *
 * @module
 */
export { SqliteDatastore, type SqliteDatastoreOptions } from './datastore.js'
export {
  SqliteAggregateRecorder,
  SqliteApplicationRecorder,
  SqliteProcessRecorder,
  type SqliteProcessRecorderOptions,
  type SqliteRecorderOptions,
} from './recorders.js'
export { SqliteTrackingRecorder, type SqliteTrackingRecorderOptions } from './tracking-recorder.js'
export { SqliteFactory, SqliteFactory as Factory, SQLITE_DBNAME, SQLITE_LOCK_TIMEOUT } from './factory.js'
export {
  PythonSqliteApplicationRecorder,
  PythonSqliteProcessRecorder,
  type PythonSqliteProcessRecorderOptions,
  type PythonSqliteRecorderOptions,
} from './python-recorders.js'
export { PythonSqliteFactory, PythonSqliteFactory as PythonFactory } from './python-factory.js'
export { translateSqliteError, type SqliteErrorContext } from './errors.js'
