/**
 * sql.js wrapped to the {@link SqliteConnection} shape the recorders use. One sql.js database per name is
 * shared by every connection to that name in this realm (a page or a worker), as connections to one file
 * share it in Node: otherwise two in-memory copies would each store their own image over the other's.
 *
 * Durability: after a commit, {@link SqlJsConnection.persist} stores the whole database image in the image
 * store. Saves run one at a time, in commit order; commits made while a save runs go together in the next
 * one. If a save fails, the database goes back to the last stored image and every write since then is
 * rejected, so what this realm sees matches what a reload would find.
 */
import type { Database, SqlJsStatic, Statement } from 'sql.js'
import type { SqliteConnection, SqliteInputValue, SqliteRunResult, SqliteStatement } from './connection.js'
import type { SqliteImageStore } from './image-store.js'
import { OperationalError } from '../persistence/index.js'
import { isEventSourcingError } from '../utils/errors.js'

interface Waiter {
  resolve(): void
  reject(error: unknown): void
}

/** One sql.js database, the connections that share it, and the queue of its image saves. */
export class SqlJsDatabase {
  /** The database's name. */
  readonly name: string
  #references = 0
  #closeRequested = false
  #onClosed: () => void
  #sqlJs: SqlJsStatic
  #database: Database
  #store: SqliteImageStore | undefined
  #stored: Uint8Array | undefined
  // Prepared once per SQL text: sql.js frees a statement only when asked or when the database closes, and a
  // view may prepare the same SQL on every call.
  #statements = new Map<string, Statement>()
  #waiting: Waiter[] = []
  #saving = false
  #inTransaction = false

  /** `onClosed` is called once the last connection is released and the saves have finished. */
  constructor(
    sqlJs: SqlJsStatic,
    name: string,
    store: SqliteImageStore | undefined,
    image: Uint8Array | undefined,
    onClosed: () => void = () => undefined,
  ) {
    this.#onClosed = onClosed
    this.#sqlJs = sqlJs
    this.name = name
    this.#store = store
    this.#stored = image
    this.#database = new sqlJs.Database(image)
  }

  /** Returns the sql.js statement for the SQL, prepared on first use. */
  statement(sql: string): Statement {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.#database.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  /** The number of rows changed by the last INSERT, UPDATE or DELETE. */
  changes(): number {
    return this.#database.getRowsModified()
  }

  /** The rowid of the last row inserted, which sql.js reports only through SQL. */
  lastInsertRowid(): number {
    const statement = this.statement('SELECT last_insert_rowid()')
    try {
      statement.step()
      return statement.get()[0] as number
    } finally {
      statement.reset()
    }
  }

  /** Whether a transaction is open (sql.js does not export `sqlite3_get_autocommit`, so it is tracked here). */
  get inTransaction(): boolean {
    return this.#inTransaction
  }

  /** Runs SQL without parameters, and tracks BEGIN, COMMIT and ROLLBACK once they succeed. */
  exec(sql: string): void {
    this.#database.run(sql)
    const keyword = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase()
    if (keyword === 'BEGIN') this.#inTransaction = true
    else if (keyword === 'COMMIT' || keyword === 'END' || keyword === 'ROLLBACK') this.#inTransaction = false
  }

  /** Resolves once an image holding every commit made so far is stored; see the file's comment. */
  persist(): Promise<void> {
    if (this.#store === undefined) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ resolve, reject })
      if (!this.#saving) void this.#saveWaiting(this.#store!)
    })
  }

  /** Counts a connection that uses the database (and keeps a database whose close waits for a save open). */
  retain(): void {
    this.#references++
    this.#closeRequested = false
  }

  /** Releases a connection; with the last one, closes the database once its saves have finished. */
  release(): void {
    if (--this.#references > 0) return
    this.#closeRequested = true
    if (!this.#saving) this.#close()
  }

  #close(): void {
    this.#statements.clear()
    this.#database.close()
    this.#onClosed()
  }

  async #saveWaiting(store: SqliteImageStore): Promise<void> {
    this.#saving = true
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0)
      try {
        // Exported now, between transactions (each runs in one synchronous call): the image holds every
        // commit of the batch and none half-done.
        const image = this.#database.export()
        await store.save(this.name, image)
        this.#stored = image
        for (const waiter of batch) waiter.resolve()
      } catch (cause) {
        // Commits made while this save ran are in the database too: they go back with it.
        const rejected = [...batch, ...this.#waiting.splice(0)]
        this.#revert()
        const error = isEventSourcingError(cause)
          ? cause
          : new OperationalError(
              `Could not store the SQLite database '${this.name}' in ${store.description} (${String(cause)}); ` +
                `the write was undone. Free some storage and retry, or set SQLITE_DBNAME to ':memory:'.`,
              { cause },
            )
        for (const waiter of rejected) waiter.reject(error)
      }
    }
    this.#saving = false
    if (this.#closeRequested) this.#close()
  }

  #revert(): void {
    this.#database.close()
    this.#statements.clear()
    this.#database = new this.#sqlJs.Database(this.#stored)
    this.#inTransaction = false
  }
}

/** A connection to a shared {@link SqlJsDatabase}. */
export class SqlJsConnection implements SqliteConnection {
  readonly #shared: SqlJsDatabase
  #open = true

  constructor(shared: SqlJsDatabase) {
    this.#shared = shared
    shared.retain()
  }

  /** Whether a transaction is open. */
  get isTransaction(): boolean {
    return this.#shared.inTransaction
  }

  /** Whether the connection is open. */
  get isOpen(): boolean {
    return this.#open
  }

  /** Runs SQL without parameters. */
  exec(sql: string): void {
    this.#shared.exec(sql)
  }

  /** Prepares a statement. */
  prepare(sql: string): SqlJsStatement {
    return new SqlJsStatement(this.#shared, sql)
  }

  /** Stores the database image if the database is kept in an image store. */
  persist(): Promise<void> {
    return this.#shared.persist()
  }

  /** Releases the connection; the database closes with its last connection. */
  close(): void {
    if (!this.#open) return
    this.#open = false
    this.#shared.release()
  }
}

/** A sql.js statement with `node:sqlite`'s `run`, `get` and `all`. */
export class SqlJsStatement implements SqliteStatement {
  readonly #shared: SqlJsDatabase
  readonly #sql: string
  #arrays = false

  /** Prepares the SQL now, so that a syntax error is thrown here, as `node:sqlite` throws it. */
  constructor(shared: SqlJsDatabase, sql: string) {
    this.#shared = shared
    this.#sql = sql
    shared.statement(sql)
  }

  /** Makes the rows arrays of column values in SELECT order. */
  setReturnArrays(enabled: boolean): void {
    this.#arrays = enabled
  }

  /** Runs the statement and reports the rows it changed. */
  run(...parameters: SqliteInputValue[]): SqliteRunResult {
    this.#step(parameters, () => false)
    return { changes: this.#shared.changes(), lastInsertRowid: this.#shared.lastInsertRowid() }
  }

  /** Runs the statement and returns its first row, or undefined. */
  get(...parameters: SqliteInputValue[]): Record<string, unknown> | undefined {
    let first: Record<string, unknown> | undefined
    this.#step(parameters, (row) => {
      first = row
      return false
    })
    return first
  }

  /** Runs the statement and returns all its rows. */
  all(...parameters: SqliteInputValue[]): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = []
    this.#step(parameters, (row) => rows.push(row) > 0)
    return rows
  }

  /** Binds, steps through the rows while `onRow` returns true, and resets the statement for its next use. */
  #step(parameters: SqliteInputValue[], onRow: (row: Record<string, unknown>) => boolean): void {
    const statement = this.#shared.statement(this.#sql)
    try {
      statement.bind(parameters.map(bindable) as never)
      while (statement.step()) {
        const row = this.#arrays ? (statement.get() as unknown as Record<string, unknown>) : statement.getAsObject()
        if (!onRow(row)) break
      }
    } finally {
      statement.reset()
    }
  }
}

/**
 * sql.js binds a whole number outside 32 bits as a double; as a bigint it is bound as a 64-bit integer,
 * which is what `node:sqlite` does with it (and what LIMIT needs).
 */
function bindable(value: SqliteInputValue): SqliteInputValue {
  return typeof value === 'number' && Number.isInteger(value) && (value | 0) !== value ? BigInt(value) : value
}
