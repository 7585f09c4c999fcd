/**
 * The sql.js driver: SQLite compiled to WebAssembly, run in memory, in a browser or in Node. sql.js is an
 * optional peer dependency, imported when the first database is opened. A named database is loaded from its
 * image store when it opens and stored there after each committed write (see `sqljs-connection.ts`); the
 * names `':memory:'` and `''` keep nothing. sql.js is synchronous, as `node:sqlite` is, so the recorders
 * run over it unchanged.
 */
import type { SqlJsStatic } from 'sql.js'
import type { SqliteConnection, SqliteDriver, SqliteOpenOptions } from './connection.js'
import type { SqliteImageStore } from './image-store.js'
import { defaultImageStore } from './indexeddb-image-store.js'
import { SqlJsConnection, SqlJsDatabase } from './sqljs-connection.js'
import { OperationalError, ProgrammingError } from '../persistence/index.js'
import { isEventSourcingError } from '../utils/errors.js'

/** Options of {@link SqlJsDriver}. */
export interface SqlJsDriverOptions {
  /**
   * The URL of sql.js's `sql-wasm-browser.wasm` (or `sql-wasm.wasm` in Node), for a page that serves it
   * somewhere else than next to the script that loads sql.js. sql.js loads once per realm (page or worker),
   * so the first driver to open a database chooses it. @default where sql.js looks for it
   */
  wasmUrl?: string | undefined
  /** Where named databases are kept between loads; without one, every database lives in memory only. */
  imageStore?: SqliteImageStore | undefined
}

// sql.js initialises once per realm (its initSqlJs returns its first promise to every later call), so the
// first driver to load it chooses the wasm URL. One database per image store (known by its description) and
// name, in this realm.
let loadingSqlJs: Promise<SqlJsStatic> | undefined
let defaultWasmUrl: string | undefined
let configuredImageStore: SqliteImageStore | undefined

/** What {@link configureSqlJs} sets. */
export interface SqlJsDefaults {
  /** The URL of sql.js's wasm file, for drivers (and `SQLITE_WASM_URL` settings) that name none. */
  wasmUrl?: string | undefined
  /** Where the factory keeps named databases, instead of {@link defaultImageStore}. */
  imageStore?: SqliteImageStore | undefined
}

/**
 * Sets what `eventsourcing/sqlite` uses in a browser when the settings name nothing: the URL of sql.js's wasm file
 * (for a bundle that serves it somewhere of its own; call it before the first database opens, since sql.js loads
 * once per realm), and the image store the factory keeps named databases in (to keep them somewhere else than
 * IndexedDB, or to go on in memory when IndexedDB fails). A field left out keeps its value.
 *
 * @example
 * ```ts
 * configureSqlJs({ wasmUrl: new URL('./sql-wasm-browser.wasm', import.meta.url).href })
 * ```
 */
export function configureSqlJs(defaults: SqlJsDefaults): void {
  if ('wasmUrl' in defaults) defaultWasmUrl = defaults.wasmUrl
  if ('imageStore' in defaults) configuredImageStore = defaults.imageStore
}

/** The image store the factory uses: the one {@link configureSqlJs} set, else {@link defaultImageStore}. */
export function factoryImageStore(): SqliteImageStore {
  return configuredImageStore ?? defaultImageStore
}
const open = new Map<string, Map<string, Promise<SqlJsDatabase>>>()

/**
 * Opens SQLite databases with sql.js. In a browser, `eventsourcing/sqlite`'s factory uses one with an
 * {@link IndexedDbImageStore}; pass one to a {@link SqliteDatastore} to choose the wasm URL or the store.
 *
 * Every write stores the whole database image, so each commit costs time in proportion to the database's
 * size; and the last stored image is kept in memory beside the database, to go back to if a save fails, so a
 * stored database takes about twice its size in memory. This suits tutorials and small local databases, not
 * large ones.
 *
 * @example
 * ```ts
 * const datastore = new SqliteDatastore({
 *   dbName: 'dogschool',
 *   driver: new SqlJsDriver({ imageStore: new IndexedDbImageStore(), wasmUrl: '/sql-wasm-browser.wasm' }),
 * })
 * ```
 */
export class SqlJsDriver implements SqliteDriver {
  /** The driver's name, as messages name it. */
  readonly name = 'sql.js'
  /** The URL of sql.js's wasm file, if not where sql.js looks for it. */
  readonly wasmUrl: string | undefined
  /** Where named databases are kept, if anywhere. */
  readonly imageStore: SqliteImageStore | undefined

  constructor(options: SqlJsDriverOptions = {}) {
    this.wasmUrl = options.wasmUrl
    this.imageStore = options.imageStore
  }

  /**
   * Loads sql.js (once per realm: the first driver's wasm URL is the one used) and the named database's
   * stored image, if any. Connections to one name in one realm share one database.
   *
   * @throws {@link OperationalError} if sql.js or its wasm file cannot be loaded, or the image store fails.
   */
  async open(dbName: string, options: SqliteOpenOptions): Promise<SqliteConnection> {
    const sqlJs = await loadSqlJs(this.wasmUrl ?? defaultWasmUrl)
    const store = this.imageStore
    if (options.inMemory || store === undefined) {
      return new SqlJsConnection(new SqlJsDatabase(sqlJs, dbName, undefined, undefined))
    }
    let byName = open.get(store.description)
    if (byName === undefined) open.set(store.description, (byName = new Map()))
    let opening = byName.get(dbName)
    if (opening === undefined) {
      opening = store.load(dbName).then(
        (image) => new SqlJsDatabase(sqlJs, dbName, store, image, () => byName.delete(dbName)),
        (cause: unknown) => {
          if (isEventSourcingError(cause)) throw cause
          throw new OperationalError(
            `Could not load the SQLite database '${dbName}' from ${store.description} (${String(cause)}). ` +
              `Set SQLITE_DBNAME to ':memory:' to keep the database in memory only.`,
            { cause },
          )
        },
      )
      byName.set(dbName, opening)
      opening.catch(() => byName.delete(dbName))
    }
    return new SqlJsConnection(await opening)
  }
}

/**
 * Deletes a database's stored image (in the browser factories' IndexedDB store unless another is given), so
 * that it opens empty next time: what a "Reset database" control does.
 *
 * @throws {@link ProgrammingError} if a connection in this realm has the database open (close its
 *   applications first, or their next write would store it again).
 * @throws {@link OperationalError} if the image store fails.
 * @example
 * ```ts
 * await app.close()
 * await deleteSqliteDatabase('dogschool')
 * ```
 */
export async function deleteSqliteDatabase(
  dbName: string,
  imageStore: SqliteImageStore = defaultImageStore,
): Promise<void> {
  if (open.get(imageStore.description)?.has(dbName)) {
    throw new ProgrammingError(
      `The SQLite database '${dbName}' is open in this page, so it cannot be deleted from ` +
        `${imageStore.description}: close the applications that use it first (await app.close()).`,
    )
  }
  await imageStore.delete(dbName)
}

function loadSqlJs(wasmUrl: string | undefined): Promise<SqlJsStatic> {
  loadingSqlJs ??= import('sql.js')
    .then(({ default: initSqlJs }) => initSqlJs(wasmUrl === undefined ? {} : { locateFile: () => wasmUrl }))
    .catch((cause: unknown) => {
      throw new OperationalError(
        `Could not load sql.js${wasmUrl === undefined ? '' : ` with its wasm file at ${wasmUrl}`} (${String(cause)}). ` +
          `Install the sql.js package (npm install sql.js), and in a browser serve its dist/sql-wasm-browser.wasm ` +
          `and name its URL in the setting SQLITE_WASM_URL; then reload the page.`,
        { cause },
      )
    })
  return loadingSqlJs
}
