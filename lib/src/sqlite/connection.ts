/**
 * The part of a SQLite driver the datastore and the recorders use. `node:sqlite`'s `DatabaseSync` has this
 * shape as it is; sql.js is wrapped to it. Both are synchronous, which is what keeps a write transaction free
 * of interleaving: BEGIN … COMMIT runs in one call, with no await inside.
 */

/** A value bound to a statement's `?` placeholder. */
export type SqliteInputValue = null | number | bigint | string | Uint8Array

/** What running an INSERT, UPDATE or DELETE reports. */
export interface SqliteRunResult {
  /** The number of rows the statement changed. */
  readonly changes: number | bigint
  /** The rowid of the last row inserted on the connection. */
  readonly lastInsertRowid: number | bigint
}

/** A prepared statement. Its rows are objects keyed by column name, or arrays once `setReturnArrays(true)`. */
export interface SqliteStatement {
  /** Runs the statement with positional parameters and reports the rows it changed. */
  run(...parameters: SqliteInputValue[]): SqliteRunResult
  /** Runs the statement and returns its first row, or undefined if it has none. */
  get(...parameters: SqliteInputValue[]): Record<string, unknown> | undefined
  /** Runs the statement and returns all its rows. */
  all(...parameters: SqliteInputValue[]): Record<string, unknown>[]
  /** Makes the rows arrays of column values in SELECT order (typed as records, as `node:sqlite` does). */
  setReturnArrays(enabled: boolean): void
}

/** An open connection to one SQLite database. */
export interface SqliteConnection {
  /** Runs one or more SQL statements that take no parameters and return no rows. */
  exec(sql: string): void
  /** Prepares a statement. */
  prepare(sql: string): SqliteStatement
  /** Whether a transaction is open. */
  readonly isTransaction: boolean
  /** Whether the connection is open. */
  readonly isOpen: boolean
  /** Closes the connection. */
  close(): void
  /**
   * Makes the transactions committed so far durable, for a driver that keeps the database in memory and
   * stores it elsewhere (sql.js and its image store); absent when COMMIT itself is durable.
   */
  persist?(): Promise<void>
}

/** What a driver is told when it opens a database. */
export interface SqliteOpenOptions {
  /** How long a write waits for another connection's write lock, in milliseconds. */
  readonly lockTimeoutMs: number
  /** Whether the name is one of an in-memory database (`':memory:'`, `''`, a `mode=memory` URI). */
  readonly inMemory: boolean
}

/** Opens connections to SQLite databases: `node:sqlite` in Node, sql.js in a browser. */
export interface SqliteDriver {
  /** The driver's name, as messages name it. */
  readonly name: string
  /**
   * Opens the named database. A driver that must load something first (sql.js: its WebAssembly module and
   * the stored image) returns a promise.
   */
  open(dbName: string, options: SqliteOpenOptions): SqliteConnection | Promise<SqliteConnection>
}
