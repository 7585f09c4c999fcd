/**
 * The browser's home for sql.js databases: one IndexedDB database with one object store, which maps each
 * SQLite database name to its whole image. An IndexedDB `put` is atomic, so a stored image is always one
 * that a commit left, never a mix of two; a write counts as stored when its transaction completes.
 */
import type { SqliteImageStore } from './image-store.js'
import { OperationalError } from '../persistence/index.js'

/** Options of {@link IndexedDbImageStore}. */
export interface IndexedDbImageStoreOptions {
  /** The IndexedDB database that holds the images. @default 'eventsourcing-sqlite' */
  databaseName?: string | undefined
}

const OBJECT_STORE = 'images'

/**
 * Keeps SQLite database images in IndexedDB, one record per database name.
 *
 * @example
 * ```ts
 * const store = new IndexedDbImageStore()
 * await store.delete('dogschool') // what a "Reset database" button does
 * ```
 */
export class IndexedDbImageStore implements SqliteImageStore {
  /** The IndexedDB database that holds the images. */
  readonly databaseName: string
  #database: Promise<IDBDatabase> | undefined

  constructor(options: IndexedDbImageStoreOptions = {}) {
    this.databaseName = options.databaseName ?? 'eventsourcing-sqlite'
  }

  /** What messages call this store. */
  get description(): string {
    return `the IndexedDB database '${this.databaseName}'`
  }

  /**
   * Returns the stored image of the named database, or undefined if none is stored.
   *
   * @throws {@link OperationalError} if IndexedDB is unavailable or refuses the read.
   */
  async load(dbName: string): Promise<Uint8Array | undefined> {
    const value = await this.#request(dbName, 'load', 'readonly', (store) => store.get(dbName))
    return value === undefined ? undefined : new Uint8Array(value as ArrayBuffer)
  }

  /**
   * Replaces the stored image of the named database; resolves when the IndexedDB transaction has completed.
   *
   * @throws {@link OperationalError} if IndexedDB is unavailable, or refuses the write (such as when the
   *   site's storage quota is used up); the image stored before is then kept.
   */
  async save(dbName: string, image: Uint8Array): Promise<void> {
    // The record holds an ArrayBuffer of exactly the image: an IndexedDB clone of a view would copy the
    // whole buffer behind it.
    const bytes =
      image.byteOffset === 0 && image.byteLength === image.buffer.byteLength ? image.buffer : image.slice().buffer
    await this.#request(dbName, 'save', 'readwrite', (store) => store.put(bytes, dbName))
  }

  /**
   * Deletes the stored image of the named database, if any.
   *
   * @throws {@link OperationalError} if IndexedDB is unavailable or refuses the deletion.
   */
  async delete(dbName: string): Promise<void> {
    await this.#request(dbName, 'delete', 'readwrite', (store) => store.delete(dbName))
  }

  #request(
    dbName: string,
    action: string,
    mode: IDBTransactionMode,
    makeRequest: (store: IDBObjectStore) => IDBRequest,
  ): Promise<unknown> {
    const fail = (cause: unknown) => this.#error(action, dbName, cause)
    return this.#open(dbName).then(
      (database) =>
        new Promise((resolve, reject) => {
          let transaction: IDBTransaction
          let request: IDBRequest
          try {
            transaction = database.transaction(OBJECT_STORE, mode)
            request = makeRequest(transaction.objectStore(OBJECT_STORE))
          } catch (cause) {
            reject(fail(cause))
            return
          }
          // Resolved on the transaction's completion, not the request's success: only then is a put stored.
          transaction.oncomplete = () => resolve(request.result)
          transaction.onabort = () => reject(fail(transaction.error ?? request.error))
        }),
    )
  }

  #open(dbName: string): Promise<IDBDatabase> {
    this.#database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const indexedDB = globalThis.indexedDB
      if (indexedDB === undefined) {
        reject(this.#error('open', dbName, new Error('this runtime has no indexedDB')))
        return
      }
      let request: IDBOpenDBRequest
      try {
        request = indexedDB.open(this.databaseName, 1)
      } catch (cause) {
        reject(this.#error('open', dbName, cause))
        return
      }
      request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE)
      request.onsuccess = () => {
        const database = request.result
        // Another connection is deleting or upgrading the database (a page's "Reset databases"): this one steps
        // aside instead of blocking it, and the next operation opens the database again.
        database.onversionchange = () => {
          database.close()
          this.#database = undefined
        }
        resolve(database)
      }
      request.onerror = () => reject(this.#error('open', dbName, request.error))
    }).catch((error: unknown) => {
      this.#database = undefined
      throw error
    })
    return this.#database
  }

  #error(action: string, dbName: string, cause: unknown): OperationalError {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)
    const quota = cause instanceof Error && cause.name === 'QuotaExceededError'
    const fix = quota
      ? `The site's storage quota is used up: delete databases you no longer need (deleteSqliteDatabase), ` +
        `or set SQLITE_DBNAME to ':memory:' to keep nothing.`
      : `Check that this page may use IndexedDB (a private window or the browser's settings can forbid it), ` +
        `or set SQLITE_DBNAME to ':memory:' to keep the database in memory only.`
    return new OperationalError(
      `Could not ${action} the SQLite database '${dbName}' in ${this.description} (${reason}). ${fix}`,
      { cause },
    )
  }
}

/** The image store the browser entry's factories keep named databases in: IndexedDB's `eventsourcing-sqlite`. */
export const defaultImageStore: IndexedDbImageStore = new IndexedDbImageStore()
