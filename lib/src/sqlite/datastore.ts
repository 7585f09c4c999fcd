/// <reference types="node" />
/**
 * One connection to one SQLite database, shared by the recorders of one application. `node:sqlite` is
 * synchronous, so a transaction runs from BEGIN to COMMIT without yielding to the event loop: no other
 * call in this process can interleave with it. Other connections and processes are kept out by SQLite's
 * own locking: writes begin with BEGIN IMMEDIATE (take the write lock first, wait up to the busy timeout
 * for it), and file databases use write-ahead logging so that readers never wait for writers. While a
 * write waits for another process's lock, this thread waits too (the driver is synchronous), for at most
 * the lock timeout.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { translateSqliteError } from './errors.js'
import { InterfaceError } from '../persistence/index.js'

/** How to open a {@link SqliteDatastore}. */
export interface SqliteDatastoreOptions {
  /**
   * The database: a file path, `':memory:'` (a private database that lives as long as the connection), or
   * a `file:` URI such as `'file:dogs?mode=memory&cache=shared'` (an in-memory database shared by the
   * connections of one process).
   */
  dbName: string
  /** How long a write waits for another connection's write lock, in milliseconds. @default 5000 */
  lockTimeoutMs?: number | undefined
}

/** A lazily opened connection to a SQLite database, with transactions and a statement cache. */
export class SqliteDatastore {
  /** The database's file name or URI. */
  readonly dbName: string
  /** How long a write waits for the write lock, in milliseconds. */
  readonly lockTimeoutMs: number
  #connection: DatabaseSync | undefined
  #statements = new Map<string, StatementSync>()
  #closed = false

  constructor(options: SqliteDatastoreOptions) {
    this.dbName = options.dbName
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5000
  }

  /** Whether the database lives in memory (no file, no write-ahead log). */
  get inMemory(): boolean {
    const name = this.dbName
    return name === ':memory:' || name === '' || name.startsWith('file::memory:') || /[?&]mode=memory(&|$)/.test(name)
  }

  /**
   * Runs `work` in a write transaction (BEGIN IMMEDIATE … COMMIT) and returns its result; rolls back if
   * it throws.
   *
   * @throws {@link OperationalError} if the write lock is not granted within the lock timeout.
   * @throws the error `work` threw (driver errors translated into the persistence error tree).
   */
  write<T>(work: (connection: DatabaseSync) => T): T {
    const connection = this.connection()
    this.#run(() => connection.exec('BEGIN IMMEDIATE'))
    try {
      const result = work(connection)
      this.#run(() => connection.exec('COMMIT'))
      return result
    } catch (error) {
      if (connection.isTransaction) connection.exec('ROLLBACK')
      throw translateSqliteError(error, this)
    }
  }

  /**
   * Runs `work` (reads, or a single statement, which SQLite makes atomic by itself) and returns its result.
   *
   * @throws driver errors translated into the persistence error tree.
   */
  read<T>(work: (connection: DatabaseSync) => T): T {
    const connection = this.connection()
    return this.#run(() => work(connection))
  }

  /**
   * Returns a prepared statement for the SQL, prepared once per connection. With `arrays`, its rows are
   * arrays of column values in SELECT order, which the driver makes about twice as fast as row objects.
   */
  prepare(sql: string, options: { arrays?: boolean } = {}): StatementSync {
    const key = options.arrays ? `arrays:${sql}` : sql
    let statement = this.#statements.get(key)
    if (statement === undefined) {
      statement = this.#run(() => this.connection().prepare(sql))
      if (options.arrays) statement.setReturnArrays(true)
      this.#statements.set(key, statement)
    }
    return statement
  }

  /**
   * Returns the open connection, opening it (and switching a file database to write-ahead logging) on
   * first use.
   *
   * @throws {@link InterfaceError} if the datastore was closed.
   * @throws {@link OperationalError} if the database cannot be opened.
   */
  connection(): DatabaseSync {
    if (this.#connection) return this.#connection
    if (this.#closed) {
      throw new InterfaceError(
        `The SQLite database '${this.dbName}' was closed (by app.close() or factory.close()); construct a new ` +
          `application to use it again.`,
      )
    }
    const connection = this.#run(() => new DatabaseSync(this.dbName, { timeout: this.lockTimeoutMs }))
    try {
      if (!this.inMemory) this.#run(() => connection.exec('PRAGMA journal_mode = WAL'))
    } catch (error) {
      connection.close()
      throw error
    }
    this.#connection = connection
    return connection
  }

  /** Closes the connection. The datastore cannot be used afterwards. */
  close(): void {
    this.#closed = true
    this.#statements.clear()
    const connection = this.#connection
    this.#connection = undefined
    if (connection?.isOpen) connection.close()
  }

  #run<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw translateSqliteError(error, this)
    }
  }
}
