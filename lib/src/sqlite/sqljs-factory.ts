/**
 * The factories of `eventsourcing/sqlite`'s browser entry: the same settings and recorders as in Node, on
 * sql.js, with named databases kept in IndexedDB. A bundler that follows the `browser` export condition picks
 * these under the names `SqliteFactory` and `PythonSqliteFactory` (and `Factory`, `PythonFactory`).
 */
import { SqliteDatastore } from './datastore.js'
import { SqliteFactory } from './factory.js'
import { PythonSqliteFactory } from './python-factory.js'
import { factoryImageStore, SqlJsDriver } from './sqljs-driver.js'
import type { Environment } from '../persistence/index.js'

/**
 * The setting for the URL of sql.js's `sql-wasm-browser.wasm`, for a site that serves it somewhere else than
 * next to the script that loads sql.js. @default where sql.js looks for it
 */
export const SQLITE_WASM_URL = 'SQLITE_WASM_URL'

function sqlJsDatastore(env: Environment, dbName: string, lockTimeoutMs: number): SqliteDatastore {
  const wasmUrl = env.get(SQLITE_WASM_URL)?.trim() || undefined
  return new SqliteDatastore({
    dbName,
    lockTimeoutMs,
    driver: new SqlJsDriver({ wasmUrl, imageStore: factoryImageStore() }),
  })
}

/**
 * {@link SqliteFactory} on sql.js: `SQLITE_DBNAME` names a database kept in IndexedDB (loaded when the
 * application first uses it, stored after each write) or is `':memory:'`; `SQLITE_WASM_URL` locates the
 * wasm file.
 *
 * @example
 * ```ts
 * const app = new DogSchool({
 *   env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: 'dogschool', SQLITE_WASM_URL: '/sql-wasm-browser.wasm' },
 * })
 * ```
 */
export class SqlJsFactory extends SqliteFactory {
  /** Makes a datastore on sql.js with the IndexedDB image store. */
  protected override constructDatastore(dbName: string, lockTimeoutMs: number): SqliteDatastore {
    return sqlJsDatastore(this.env, dbName, lockTimeoutMs)
  }
}

/** {@link PythonSqliteFactory} on sql.js, for a Python application's database image kept in IndexedDB. */
export class PythonSqlJsFactory extends PythonSqliteFactory {
  /** Makes a datastore on sql.js with the IndexedDB image store. */
  protected override constructDatastore(dbName: string, lockTimeoutMs: number): SqliteDatastore {
    return sqlJsDatastore(this.env, dbName, lockTimeoutMs)
  }
}
