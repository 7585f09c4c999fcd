/**
 * sql.js test support: an image store kept in a Map (the storage seam that IndexedDB fills in a browser; the
 * database itself is real SQLite in WebAssembly), and a persistence module for PERSISTENCE_MODULE whose
 * factories run on sql.js with one shared Map store, so that a database outlives its factory as it does in
 * a browser's IndexedDB.
 */
import { PythonSqliteFactory, SqliteFactory, SqliteDatastore, SqlJsDriver } from '../../src/sqlite/index.browser.js'
import type { SqliteImageStore } from '../../src/sqlite/index.browser.js'

let stores = 0
let names = 0

/** Keeps database images in a Map; `failSaves` makes each save fail as a full disk would. */
export class MapImageStore implements SqliteImageStore {
  readonly description = `the test image store #${++stores}`
  /** The stored images, by database name. */
  readonly images = new Map<string, Uint8Array>()
  /** How many saves succeeded. */
  saves = 0
  /** Makes every save fail while true. */
  failSaves = false

  async load(dbName: string): Promise<Uint8Array | undefined> {
    return this.images.get(dbName)?.slice()
  }

  async save(dbName: string, image: Uint8Array): Promise<void> {
    if (this.failSaves) throw new Error('the test store refuses to save')
    this.images.set(dbName, image.slice())
    this.saves++
  }

  async delete(dbName: string): Promise<void> {
    this.images.delete(dbName)
  }
}

/** The store the module's factories use. */
export const sharedImageStore = new MapImageStore()

/** Returns a database name not used before in this test file. */
export function sqlJsDbName(): string {
  return `sqljs-${++names}`
}

/**
 * The value of PERSISTENCE_MODULE that selects this module's factories: its path without the extension, so
 * that it ends in "sqlite" as the suites expect of a SQLite store's module name.
 */
export const SQLJS_MODULE = import.meta.filename.replace(/\.ts$/, '')

const datastore = (dbName: string, lockTimeoutMs: number) =>
  new SqliteDatastore({ dbName, lockTimeoutMs, driver: new SqlJsDriver({ imageStore: sharedImageStore }) })

/** The browser entry's factory with the Map store in place of IndexedDB. */
export class Factory extends SqliteFactory {
  protected override constructDatastore(dbName: string, lockTimeoutMs: number): SqliteDatastore {
    return datastore(dbName, lockTimeoutMs)
  }
}

/** The browser entry's Python factory with the Map store in place of IndexedDB. */
export class PythonFactory extends PythonSqliteFactory {
  protected override constructDatastore(dbName: string, lockTimeoutMs: number): SqliteDatastore {
    return datastore(dbName, lockTimeoutMs)
  }
}
