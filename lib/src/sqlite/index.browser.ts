/**
 * `eventsourcing/sqlite` in a browser (the `browser` export condition): the names of the Node entry, on
 * sql.js instead of `node:sqlite`, with named databases kept in IndexedDB. Select it with
 * `PERSISTENCE_MODULE=eventsourcing/sqlite` and `SQLITE_DBNAME` as in Node, and `SQLITE_WASM_URL` if sql.js's
 * wasm file is not next to the script that loads sql.js.
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
export { SQLITE_DBNAME, SQLITE_LOCK_TIMEOUT } from './factory.js'
export {
  SqlJsFactory as SqliteFactory,
  SqlJsFactory as Factory,
  SqlJsFactory,
  PythonSqlJsFactory as PythonSqliteFactory,
  PythonSqlJsFactory as PythonFactory,
  PythonSqlJsFactory,
  SQLITE_WASM_URL,
} from './sqljs-factory.js'
export {
  PythonSqliteApplicationRecorder,
  PythonSqliteProcessRecorder,
  type PythonSqliteProcessRecorderOptions,
  type PythonSqliteRecorderOptions,
} from './python-recorders.js'
export { translateSqliteError, type SqliteErrorContext } from './errors.js'
export {
  SqlJsDriver,
  configureSqlJs,
  deleteSqliteDatabase,
  type SqlJsDefaults,
  type SqlJsDriverOptions,
} from './sqljs-driver.js'
export type { SqliteImageStore } from './image-store.js'
export { IndexedDbImageStore, defaultImageStore, type IndexedDbImageStoreOptions } from './indexeddb-image-store.js'
