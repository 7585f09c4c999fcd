/**
 * What the PostgreSQL recorders need of a database, and nothing more: so that one set of recorders (and one
 * SQL module) runs on a node-postgres pool and on PGlite, PostgreSQL compiled to WebAssembly, alike. Each
 * store implements {@link PostgresDatabase} over its driver and translates the driver's errors into the
 * persistence error tree before they reach a recorder.
 */

/** What a statement returned: its rows. */
export interface PostgresRows<R> {
  /** The rows, as objects keyed by column name (or arrays of column values, when asked for). */
  rows: R[]
}

/** One session on the database, which runs statements in order: a transaction's, or a borrowed connection's. */
export interface PostgresSession {
  /**
   * Runs one statement (with `$1`, `$2`… standing for `values`) and returns its rows as objects keyed by
   * column name. A `bigint` column comes back as a number or a string (node-postgres) or a number or a
   * BigInt (PGlite), and a `bytea` column as a Uint8Array: pass such values through `Number()`.
   */
  query<R extends object = Record<string, any>>(text: string, values?: readonly unknown[]): Promise<PostgresRows<R>>
}

/** A subscription to one notification channel; see {@link PostgresDatabase.listen}. */
export interface PostgresListener {
  /** The channel it listens on. */
  readonly channel: string
  /** Stops listening. Calling it again does nothing. */
  close(): Promise<void>
}

/**
 * A PostgreSQL database as the recorders use it: statements, transactions that never interleave with other
 * work on the same session, notifications, and errors already translated into the persistence error tree.
 * `PostgresDatastore` (node-postgres) and `PgliteDatastore` (PGlite) implement it.
 */
export interface PostgresDatabase {
  /** The database's name, or for PGlite its data directory. */
  readonly dbName: string
  /** The database as error messages name it, such as "the database eventsourcing". */
  readonly description: string

  /**
   * Runs one statement and returns its rows as objects keyed by column name.
   *
   * @throws the statement's error translated into the persistence error tree.
   */
  query<R extends object = Record<string, any>>(text: string, values?: readonly unknown[]): Promise<R[]>

  /**
   * Runs one statement and returns its rows as arrays of column values in SELECT order.
   *
   * @throws as {@link PostgresDatabase.query} does.
   */
  queryArrays(text: string, values?: readonly unknown[]): Promise<unknown[][]>

  /**
   * Runs `work` in a transaction and returns its result, or rolls back if it throws. The statements in
   * `begin` run first (such as a table lock); those `end` makes from the result run last, before COMMIT, and
   * roll the transaction back if they fail.
   *
   * @throws the error `work` threw; errors of the database translated into the persistence error tree.
   */
  transaction<T>(
    work: (session: PostgresSession) => Promise<T>,
    begin?: readonly string[],
    end?: (result: T) => readonly string[],
  ): Promise<T>

  /**
   * Runs `work` on one session that no other work uses meanwhile, outside any transaction of its own.
   *
   * @throws the error `work` threw, translated into the persistence error tree.
   */
  withConnection<T>(work: (session: PostgresSession) => Promise<T>): Promise<T>

  /**
   * Calls `onNotification` with the payload of each notification sent on `channel` from now on, until the
   * listener is closed. `onError` is called once if the database can no longer deliver them.
   *
   * @throws `OperationalError` if the database cannot be reached.
   */
  listen(
    channel: string,
    onNotification: (payload: string) => void,
    onError?: (error: Error) => void,
  ): Promise<PostgresListener>

  /** Releases what the database holds (connections, listeners). It cannot be used afterwards. */
  close(): Promise<void>
}
