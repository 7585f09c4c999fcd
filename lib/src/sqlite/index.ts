/**
 * `eventsourcing/sqlite`: the SQLite store on Node's built-in `node:sqlite` (Node 22.13 or later, no
 * native build step). Select it with `PERSISTENCE_MODULE=eventsourcing/sqlite` and `SQLITE_DBNAME`. A
 * bundler that follows the `browser` export condition gets `index.browser.ts` instead: the same names on
 * sql.js, with databases kept in IndexedDB.
 *
 * @module
 */
export { SqliteDatastore, type SqliteDatastoreOptions } from './datastore.js'
export type {
  SqliteConnection,
  SqliteDriver,
  SqliteInputValue,
  SqliteOpenOptions,
  SqliteRunResult,
  SqliteStatement,
} from './connection.js'
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
