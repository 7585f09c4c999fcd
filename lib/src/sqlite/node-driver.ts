/// <reference types="node" />
/**
 * The `node:sqlite` driver. The module is fetched with `process.getBuiltinModule` when a database is opened,
 * not imported, so that the files which default to this driver still bundle for a browser (where the
 * `browser` entry of `eventsourcing/sqlite` uses sql.js instead, and this function is never called).
 */
import type { SqliteConnection, SqliteDriver, SqliteOpenOptions } from './connection.js'
import { OperationalError } from '../persistence/index.js'

/** Opens SQLite databases with Node's built-in `node:sqlite` (Node 22.13 or later). */
export const nodeSqliteDriver: SqliteDriver = {
  name: 'node:sqlite',
  open(dbName: string, options: SqliteOpenOptions): SqliteConnection {
    const sqlite = globalThis.process?.getBuiltinModule?.('node:sqlite')
    if (sqlite === undefined) {
      throw new OperationalError(
        `The SQLite database '${dbName}' cannot be opened with node:sqlite, which this runtime does not have. ` +
          `In Node, use version 22.13 or later; in a browser, import eventsourcing/sqlite through a bundler that ` +
          `picks its browser entry (sql.js), or pass a driver such as new SqlJsDriver() to the datastore.`,
      )
    }
    return new sqlite.DatabaseSync(dbName, { timeout: options.lockTimeoutMs })
  },
}
