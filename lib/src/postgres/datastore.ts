/// <reference types="node" />
/**
 * A pool of connections to one PostgreSQL database, shared by the recorders of one application. Every
 * query runs on a connection borrowed from the pool; a transaction keeps its connection from BEGIN to
 * COMMIT (or ROLLBACK), and a connection that failed mid-way is discarded rather than reused.
 */
import pg from 'pg'
import {
  isDriverError,
  listenSql,
  sqlState,
  translatePostgresError,
  type PostgresDatabase,
  type PostgresErrorContext,
  type PostgresListener,
  type PostgresSession,
} from '../postgres-core/index.js'
import { OperationalError } from '../persistence/index.js'
import { isEventSourcingError } from '../utils/errors.js'

/** How to connect a {@link PostgresDatastore}. */
export interface PostgresDatastoreOptions {
  /** The database's name. */
  dbName: string
  /** The server's host name or address. */
  host: string
  /** The server's port. @default 5432 */
  port?: number | undefined
  /** The role to connect as. */
  user: string
  /** The role's password. @default node-postgres's default: PGPASSWORD, then ~/.pgpass */
  password?: string | undefined
  /** The most connections the pool opens. @default 5 */
  poolSize?: number | undefined
  /** How long to wait for a connection (opening one, or one to come free), in milliseconds; 0 waits for ever. @default 5000 */
  connectTimeoutMs?: number | undefined
  /** How long the server lets a connection sit idle inside a transaction, in milliseconds; 0 for no limit. @default 5000 */
  idleInTransactionSessionTimeoutMs?: number | undefined
  /** How long a statement waits for a lock (such as another writer's table lock), in milliseconds; 0 waits for ever. @default 0 */
  lockTimeoutMs?: number | undefined
}

/** A pool of connections to a PostgreSQL database, with transactions and error translation. */
export class PostgresDatastore implements PostgresDatabase, PostgresErrorContext {
  /** The node-postgres pool. */
  readonly pool: pg.Pool
  /** The database's name. */
  readonly dbName: string
  /** The server's host name or address. */
  readonly host: string
  /** The server's port. */
  readonly port: number
  /** The role the pool connects as. */
  readonly user: string
  /** The database as error messages name it: "the database <name>". */
  readonly description: string
  /** How listening connections connect: as the pool's do. */
  readonly #clientConfig: pg.ClientConfig
  readonly #listeners = new Set<PostgresListener>()

  constructor(options: PostgresDatastoreOptions) {
    this.dbName = options.dbName
    this.host = options.host
    this.port = options.port ?? 5432
    this.user = options.user
    this.description = `the database ${this.dbName}`
    this.#clientConfig = {
      database: this.dbName,
      host: this.host,
      port: this.port,
      user: this.user,
      password: options.password,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      application_name: 'eventsourcing',
    }
    this.pool = new pg.Pool({
      ...this.#clientConfig,
      max: options.poolSize ?? 5,
      idle_in_transaction_session_timeout: options.idleInTransactionSessionTimeoutMs ?? 5000,
      lock_timeout: options.lockTimeoutMs ?? 0,
      // Idle connections do not keep the process alive, so a script that forgets close() still ends.
      allowExitOnIdle: true,
    })
    // An idle connection that breaks (the server restarted) is dropped by the pool; the next query opens a
    // new one. Without a listener the 'error' event would crash the process.
    this.pool.on('error', () => {})
  }

  /**
   * Runs one statement on a pooled connection and returns its rows.
   *
   * @throws {@link OperationalError} naming host:port if the server cannot be reached, and the translated
   *   error of a failed statement.
   */
  async query<R extends object = Record<string, unknown>>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return this.withConnection(async (client) => (await client.query<R>(text, values as unknown[])).rows)
  }

  /**
   * Runs one statement and returns its rows as arrays of column values in SELECT order (node-postgres's
   * array row mode, which skips building an object per row).
   *
   * @throws as {@link PostgresDatastore.query} does.
   */
  async queryArrays(text: string, values: readonly unknown[] = []): Promise<unknown[][]> {
    return this.#withClient(
      async (client) =>
        (await client.query({ text, values: values as unknown[], rowMode: 'array' })).rows as unknown[][],
    )
  }

  /**
   * Runs `work` in a transaction (BEGIN … COMMIT) on one pooled connection and returns its result; rolls
   * back if it throws. Statements to run first (such as a table lock) go in `begin`, sent with BEGIN in one
   * round trip; statements to run last, made from the result by `end` (such as a NOTIFY), are sent with
   * COMMIT in one round trip, and roll the transaction back if they fail.
   *
   * @throws the error `work` threw, driver errors translated into the persistence error tree.
   */
  async transaction<T>(
    work: (client: PostgresSession) => Promise<T>,
    begin: readonly string[] = [],
    end?: (result: T) => readonly string[],
  ): Promise<T> {
    // An error of the caller's own code in `work` reaches the caller as it is, not as a driver error.
    let ownError: { error: unknown } | undefined
    return this.withConnection(async (client) => {
      let result: T
      try {
        // A failure here (such as a lock timeout) leaves the transaction open and aborted: roll it back too.
        await client.query(['BEGIN', ...begin].join('; '))
        result = await work(client).catch((error: unknown) => {
          if (!isDriverError(error) && !isEventSourcingError(error)) ownError = { error }
          throw error
        })
        const last = end?.(result) ?? []
        if (last.length > 0) {
          // If one of them fails, the COMMIT after it is skipped: the catch below rolls the transaction back.
          await client.query([...last, 'COMMIT'].join('; '))
          return result
        }
      } catch (error) {
        try {
          await client.query('ROLLBACK')
        } catch (rollbackError) {
          throw leavesConnectionBroken(error) ? error : rollbackError
        }
        throw error
      }
      await client.query('COMMIT')
      return result
    }).catch((error: unknown) => {
      throw ownError === undefined ? error : ownError.error
    })
  }

  /**
   * Opens a connection of its own (outside the pool, which must not hold a connection for ever) that
   * LISTENs on `channel`, and calls `onNotification` with the payload of each notification sent on it. If
   * the connection fails later, the listener closes and `onError` is called once with an
   * {@link OperationalError} that has the driver's error as its cause; listen again to go on hearing
   * notifications.
   *
   * @throws {@link OperationalError} naming host:port if the server cannot be reached.
   * @example
   * ```ts
   * const listener = await datastore.listen('dogschool_events', (payload) => console.log(payload))
   * await listener.close()
   * ```
   */
  async listen(
    channel: string,
    onNotification: (payload: string) => void,
    onError?: (error: Error) => void,
  ): Promise<PostgresListener> {
    const client = new pg.Client(this.#clientConfig)
    let closing: Promise<void> | undefined
    const listener: PostgresListener = {
      channel,
      close: () => {
        closing ??= (async () => {
          this.#listeners.delete(listener)
          await client.end().catch(() => {})
        })()
        return closing
      },
    }
    const fail = (cause: unknown) => {
      if (closing !== undefined) return
      void listener.close()
      onError?.(
        new OperationalError(
          `The connection listening on the channel ${JSON.stringify(channel)} of ${this.host}:${this.port} failed ` +
            `(${(cause as Error)?.message ?? String(cause)}), so notifications on it are no longer heard; call ` +
            `listen() again once the server is back.`,
          { cause },
        ),
      )
    }
    client.on('error', fail)
    client.on('end', () => fail(new Error('the server closed the connection')))
    client.on('notification', (message) => {
      if (message.channel === channel && closing === undefined) onNotification(message.payload ?? '')
    })
    try {
      await client.connect()
      await client.query(listenSql(channel))
    } catch (error) {
      closing = client.end().catch(() => {})
      throw translatePostgresError(error, this)
    }
    this.#listeners.add(listener)
    return listener
  }

  /** Closes every connection, the listening ones too. The datastore cannot be used afterwards. */
  async close(): Promise<void> {
    await Promise.all([...this.#listeners].map((listener) => listener.close()))
    if (!this.pool.ended) await this.pool.end()
  }

  /**
   * Borrows a pooled connection for `work`, and discards it afterwards if it failed at the connection level.
   *
   * @throws {@link OperationalError} naming host:port if the server cannot be reached, and the translated
   *   error `work` threw.
   */
  withConnection<T>(work: (client: PostgresSession) => Promise<T>): Promise<T> {
    return this.#withClient(work)
  }

  /** Borrows a pooled connection, typed as node-postgres's own, for the statements that need its options. */
  async #withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient
    try {
      client = await this.pool.connect()
    } catch (error) {
      throw translatePostgresError(error, this)
    }
    let broken: Error | undefined
    try {
      return await work(client)
    } catch (error) {
      if (leavesConnectionBroken(error)) broken = error instanceof Error ? error : new Error(String(error))
      throw translatePostgresError(error, this)
    } finally {
      client.release(broken)
    }
  }
}

/** Whether a connection that threw this error must not be reused (network failure, terminated session). */
function leavesConnectionBroken(error: unknown): boolean {
  if (isEventSourcingError(error)) return false
  const state = sqlState(error)
  return state === undefined || state.startsWith('08') || state.startsWith('57P') || state === '25P03'
}
