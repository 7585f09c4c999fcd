/**
 * One connection to one SQLite database, shared by the recorders of one application. The driver
 * (`node:sqlite`, or sql.js in a browser) is synchronous, so a transaction runs from BEGIN to COMMIT without
 * yielding to the event loop: no other call in this process can interleave with it. Other connections and processes are kept out by SQLite's
 * own locking: writes begin with BEGIN IMMEDIATE (take the write lock first, wait up to the busy timeout
 * for it), and file databases use write-ahead logging so that readers never wait for writers. While a
 * write waits for another process's lock, this thread waits too (the driver is synchronous), for at most
 * the lock timeout.
 */
import type { SqliteConnection, SqliteDriver, SqliteStatement } from './connection.js'
import { translateSqliteError } from './errors.js'
import { nodeSqliteDriver } from './node-driver.js'
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
  /**
   * What opens the database: `node:sqlite` unless given, or a {@link SqliteDriver} such as the browser
   * entry's `SqlJsDriver`. @default the `node:sqlite` driver
   */
  driver?: SqliteDriver | undefined
}

/** A lazily opened connection to a SQLite database, with transactions and a statement cache. */
export class SqliteDatastore {
  /** The database's file name or URI. */
  readonly dbName: string
  /** How long a write waits for the write lock, in milliseconds. */
  readonly lockTimeoutMs: number
  /** What opens the database. */
  readonly driver: SqliteDriver
  #connection: SqliteConnection | undefined
  #opening: Promise<void> | undefined
  #statements = new Map<string, SqliteStatement>()
  #closed = false

  constructor(options: SqliteDatastoreOptions) {
    this.dbName = options.dbName
    this.lockTimeoutMs = options.lockTimeoutMs ?? 5000
    this.driver = options.driver ?? nodeSqliteDriver
  }

  /** Whether the connection is open. */
  get isOpen(): boolean {
    return this.#connection !== undefined
  }

  /** Whether the database lives in memory (no file, no write-ahead log). */
  get inMemory(): boolean {
    const name = this.dbName
    return name === ':memory:' || name === '' || name.startsWith('file::memory:') || /[?&]mode=memory(&|$)/.test(name)
  }

  /**
   * Opens the connection if it is not open, waiting for a driver that opens asynchronously (sql.js loads
   * its WebAssembly module and the stored database). The recorders call it before their first statement.
   *
   * @throws {@link InterfaceError} if the datastore was closed.
   * @throws {@link OperationalError} if the database cannot be opened.
   */
  async open(): Promise<void> {
    if (this.#connection) return
    if (this.#opening) return this.#opening
    this.#checkNotClosed()
    const opened = this.#run(() => this.driver.open(this.dbName, this.#openOptions()))
    if (opened instanceof Promise) return this.#adoptLater(opened)
    this.#adopt(opened)
  }

  /**
   * Runs `work` in a write transaction (BEGIN IMMEDIATE … COMMIT) and returns its result; rolls back if
   * it throws. The transaction runs before this method returns its promise; the promise resolves once the
   * driver has made the commit durable (at once for `node:sqlite`; after the image is stored for sql.js).
   *
   * @throws {@link OperationalError} if the write lock is not granted within the lock timeout, or the
   *   driver could not make the commit durable (then the commit is undone).
   * @throws the error `work` threw (driver errors translated into the persistence error tree).
   */
  async write<T>(work: (connection: SqliteConnection) => T): Promise<T> {
    const connection = this.connection()
    this.#run(() => connection.exec('BEGIN IMMEDIATE'))
    let result: T
    try {
      result = work(connection)
      this.#run(() => connection.exec('COMMIT'))
    } catch (error) {
      if (connection.isTransaction) connection.exec('ROLLBACK')
      throw translateSqliteError(error, this)
    }
    if (connection.persist) await connection.persist()
    return result
  }

  /**
   * Runs `work` (reads, or a single statement, which SQLite makes atomic by itself) and returns its result.
   *
   * @throws driver errors translated into the persistence error tree.
   */
  read<T>(work: (connection: SqliteConnection) => T): T {
    const connection = this.connection()
    return this.#run(() => work(connection))
  }

  /**
   * Returns a prepared statement for the SQL, prepared once per connection. With `arrays`, its rows are
   * arrays of column values in SELECT order, which the driver makes about twice as fast as row objects.
   */
  prepare(sql: string, options: { arrays?: boolean } = {}): SqliteStatement {
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
   * first use if the driver opens synchronously.
   *
   * @throws {@link InterfaceError} if the datastore was closed, or its driver opens asynchronously and
   *   {@link SqliteDatastore.open} has not finished.
   * @throws {@link OperationalError} if the database cannot be opened.
   */
  connection(): SqliteConnection {
    if (this.#connection) return this.#connection
    this.#checkNotClosed()
    const opened = this.#opening ?? this.#run(() => this.driver.open(this.dbName, this.#openOptions()))
    if (opened instanceof Promise) {
      // The opening goes on; open() returns its promise, and reports its failure.
      if (this.#opening === undefined) this.#adoptLater(opened as Promise<SqliteConnection>).catch(() => undefined)
      throw new InterfaceError(
        `The SQLite database '${this.dbName}' is opened asynchronously by its driver (${this.driver.name}): ` +
          `await datastore.open() before using it (the recorders do this before their first statement).`,
      )
    }
    this.#adopt(opened)
    return opened
  }

  /** Closes the connection. The datastore cannot be used afterwards. */
  close(): void {
    this.#closed = true
    this.#statements.clear()
    const connection = this.#connection
    this.#connection = undefined
    if (connection?.isOpen) connection.close()
  }

  #openOptions() {
    return { lockTimeoutMs: this.lockTimeoutMs, inMemory: this.inMemory }
  }

  #adoptLater(opening: Promise<SqliteConnection>): Promise<void> {
    this.#opening = opening.then(
      (connection) => {
        this.#opening = undefined
        this.#adopt(connection)
      },
      (error: unknown) => {
        this.#opening = undefined
        throw translateSqliteError(error, this)
      },
    )
    return this.#opening
  }

  #adopt(connection: SqliteConnection): void {
    if (this.#closed) {
      connection.close()
      this.#checkNotClosed()
    }
    try {
      // Write-ahead logging is for files that other connections share; sql.js keeps its database in memory.
      if (!this.inMemory && this.driver === nodeSqliteDriver) {
        this.#run(() => connection.exec('PRAGMA journal_mode = WAL'))
      }
    } catch (error) {
      connection.close()
      throw error
    }
    this.#connection = connection
  }

  #checkNotClosed(): void {
    if (this.#closed) {
      throw new InterfaceError(
        `The SQLite database '${this.dbName}' was closed (by app.close() or factory.close()); construct a new ` +
          `application to use it again.`,
      )
    }
  }

  #run<T>(work: () => T): T {
    try {
      return work()
    } catch (error) {
      throw translateSqliteError(error, this)
    }
  }
}
