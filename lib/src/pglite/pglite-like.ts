/**
 * The part of PGlite's API the store uses, written out so that an application can hand the store any object
 * that has it: a `PGlite` instance, a `PGliteWorker` (the database in a worker, shared by a page's tabs), or
 * a wrapper of its own. PGlite is one session: its `query()` waits for an open `transaction()` to end, so a
 * statement never lands inside another caller's transaction, and an implementation must keep that promise.
 */
import type { PostgresRows } from '../postgres-core/index.js'

/** The options of a statement the store passes to PGlite. */
export interface PgliteQueryOptions {
  /** `'array'` returns each row as an array of column values in SELECT order. @default 'object' */
  rowMode?: 'array' | 'object'
}

/** A PGlite transaction, as `PGlite.transaction()` hands it to its callback. */
export interface PgliteTransaction {
  /** Runs one statement, with `$1`, `$2`… standing for `params`. */
  query<T>(query: string, params?: any[], options?: PgliteQueryOptions): Promise<PostgresRows<T>>
  /** Runs one or more statements separated by semicolons, without parameters. */
  exec(query: string): Promise<unknown>
}

/** The PGlite API the store uses: what `PGlite` and `PGliteWorker` from `@electric-sql/pglite` both have. */
export interface PgliteLike {
  /** Whether `close()` has been called. */
  readonly closed: boolean
  /**
   * Runs one statement, with `$1`, `$2`… standing for `params`, once no transaction is open (it never runs
   * inside another caller's transaction).
   */
  query<T>(query: string, params?: any[], options?: PgliteQueryOptions): Promise<PostgresRows<T>>
  /**
   * Runs `callback` in a transaction that no other PGlite transaction interleaves with: commits if it
   * resolves, rolls back if it throws.
   */
  transaction<T>(callback: (tx: PgliteTransaction) => Promise<T>): Promise<T>
  /**
   * LISTENs on `channel` (once no transaction is open) and calls `callback` with each notification's
   * payload; resolves to a function that stops listening.
   */
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
  /** Shuts the database down (and writes a data directory's last changes). */
  close(): Promise<void>
}
