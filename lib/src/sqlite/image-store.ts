/**
 * Where a SQLite database that lives in memory (sql.js) is kept between page loads: one image, the whole
 * database file's bytes, per database name. The browser uses {@link IndexedDbImageStore}; anything with these
 * three methods will do (a test uses a Map).
 */

/** Keeps whole SQLite database images by name. */
export interface SqliteImageStore {
  /** What messages call this store, such as `the IndexedDB database 'eventsourcing-sqlite'`. */
  readonly description: string
  /** Returns the stored image of the named database, or undefined if none is stored. */
  load(dbName: string): Promise<Uint8Array | undefined>
  /** Replaces the stored image of the named database, all at once or not at all. */
  save(dbName: string, image: Uint8Array): Promise<void>
  /** Deletes the stored image of the named database, if any. */
  delete(dbName: string): Promise<void>
}
