/**
 * A PGlite database as the PostgreSQL recorders use it. PGlite is one session, shared by every datastore on
 * the same instance: a statement runs with PGlite's `query()`, which waits for an open transaction to end,
 * and work of several statements runs in PGlite's `transaction()`, so that no caller's statement lands
 * inside another's transaction.
 */
import type { PgliteLike, PgliteTransaction } from './pglite-like.js'
import { translatePgliteError } from './errors.js'
import {
  isDriverError,
  type PostgresDatabase,
  type PostgresListener,
  type PostgresSession,
} from '../postgres-core/index.js'
import { InterfaceError } from '../persistence/index.js'
import { isEventSourcingError } from '../utils/errors.js'

/** Options of {@link PgliteDatastore}. */
export interface PgliteDatastoreOptions {
  /** The data directory the instance was opened on, as messages name it. @default 'memory://' */
  dataDir?: string | undefined
  /** Called once by {@link PgliteDatastore.close}, to let go of the instance (the factory's shared count). */
  release?: (() => Promise<void>) | undefined
}

/**
 * The PostgreSQL recorders' database on a PGlite instance (or a `PGliteWorker`, or any {@link PgliteLike}).
 * Closing it does not close the instance, which may be shared: whoever opened the instance closes it.
 *
 * @example
 * ```ts
 * const pglite = await PGlite.create('memory://')
 * const recorder = new PostgresApplicationRecorder(new PgliteDatastore(pglite), { eventsTable: 'dogschool_events' })
 * ```
 */
export class PgliteDatastore implements PostgresDatabase {
  /** The data directory, such as `'memory://'`, `'idb://dogschool'` or `'./data'`. */
  readonly dataDir: string
  /** The data directory: a PGlite instance holds one database. */
  readonly dbName: string
  /** The database as error messages name it: "the PGlite database <data dir>". */
  readonly description: string
  readonly #pglite: Promise<PgliteLike>
  readonly #release: (() => Promise<void>) | undefined
  readonly #listeners = new Set<PostgresListener>()
  #closing: Promise<void> | undefined

  /**
   * Takes the instance, or a promise of it (which rejects with the reason it could not be opened).
   *
   * @example
   * ```ts
   * const datastore = new PgliteDatastore(await PGlite.create('./data'), { dataDir: './data' })
   * ```
   */
  constructor(pglite: PgliteLike | Promise<PgliteLike>, options: PgliteDatastoreOptions = {}) {
    this.dataDir = options.dataDir ?? 'memory://'
    this.dbName = this.dataDir
    this.description = `the PGlite database ${this.dataDir}`
    this.#pglite = Promise.resolve(pglite)
    // A failure to open is reported to each caller; unobserved meanwhile, it must not crash the process.
    this.#pglite.catch(() => {})
    this.#release = options.release
  }

  /**
   * Runs one statement and returns its rows as objects keyed by column name.
   *
   * @throws {@link OperationalError} if the instance could not be opened; the statement's error translated.
   * @throws {@link InterfaceError} once the datastore or the instance is closed.
   */
  query<R extends object = Record<string, any>>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return this.#use(async (pglite) => (await pglite.query<R>(text, [...values])).rows)
  }

  /**
   * Runs one statement and returns its rows as arrays of column values in SELECT order.
   *
   * @throws as {@link PgliteDatastore.query} does.
   */
  queryArrays(text: string, values: readonly unknown[] = []): Promise<unknown[][]> {
    return this.#use(async (pglite) => (await pglite.query<unknown[]>(text, [...values], { rowMode: 'array' })).rows)
  }

  /**
   * Runs `work` in a PGlite transaction and returns its result, or rolls back if it throws; `begin`'s
   * statements run first, and those `end` makes from the result run just before COMMIT.
   *
   * @throws the error `work` threw; PGlite's errors translated into the persistence error tree.
   */
  async transaction<T>(
    work: (session: PostgresSession) => Promise<T>,
    begin: readonly string[] = [],
    end?: (result: T) => readonly string[],
  ): Promise<T> {
    // An error of the caller's own code in `work` reaches the caller as it is, not as a PGlite error.
    let ownError: { error: unknown } | undefined
    return this.#use((pglite) =>
      pglite.transaction(async (tx) => {
        if (begin.length > 0) await tx.exec(begin.join('; '))
        const result = await work(sessionOf(tx)).catch((error: unknown) => {
          if (!isDriverError(error) && !isEventSourcingError(error)) ownError = { error }
          throw error
        })
        const last = end?.(result) ?? []
        if (last.length > 0) await tx.exec(last.join('; '))
        return result
      }),
    ).catch((error: unknown) => {
      throw ownError === undefined ? error : ownError.error
    })
  }

  /**
   * Runs `work` on the instance's one session with no other work in between (in a PGlite transaction,
   * which is how PGlite keeps other callers out).
   *
   * @throws the error `work` threw, translated into the persistence error tree.
   */
  withConnection<T>(work: (session: PostgresSession) => Promise<T>): Promise<T> {
    return this.#use((pglite) => pglite.transaction((tx) => work(sessionOf(tx))))
  }

  /**
   * LISTENs on `channel` and calls `onNotification` with the payload of each notification sent on it, by any
   * user of the same instance. PGlite runs in this process, so the subscription cannot fail later:
   * `onError` is never called (it is taken to match the PostgreSQL datastore).
   *
   * @throws {@link OperationalError} if the instance could not be opened.
   * @example
   * ```ts
   * const listener = await datastore.listen('dogschool_events', (payload) => console.log(payload))
   * await listener.close()
   * ```
   */
  async listen(
    channel: string,
    onNotification: (payload: string) => void,
    _onError?: (error: Error) => void,
  ): Promise<PostgresListener> {
    let closed = false
    // Quoted, because PGlite writes the name into its LISTEN as it is, and channels may hold dots.
    const quoted = `"${channel.replaceAll('"', '""')}"`
    const heard = (payload: string) => {
      if (!closed) onNotification(payload)
    }
    const unlisten = await this.#use((pglite) => pglite.listen(quoted, heard))
    let closing: Promise<void> | undefined
    const listener: PostgresListener = {
      channel,
      close: () => {
        closed = true
        closing ??= (async () => {
          this.#listeners.delete(listener)
          const pglite = await this.#pglite
          if (!pglite.closed) await unlisten().catch(() => {})
        })()
        return closing
      },
    }
    this.#listeners.add(listener)
    return listener
  }

  /** Stops its listeners and lets go of the instance. The datastore cannot be used afterwards. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all([...this.#listeners].map((listener) => listener.close()))
      await this.#release?.()
    })()
    return this.#closing
  }

  /** Runs `work` on the instance, once it is open, with PGlite's errors translated. */
  async #use<T>(work: (pglite: PgliteLike) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) {
      throw new InterfaceError(
        `The datastore on ${this.description} was closed, so it can no longer be used: construct the ` +
          `application (or its factory) again to open it again.`,
      )
    }
    const pglite = await this.#pglite
    try {
      return await work(pglite)
    } catch (error) {
      throw translatePgliteError(error, this.dataDir)
    }
  }
}

/** The session a recorder's work gets: statements on the open PGlite transaction. */
function sessionOf(tx: PgliteTransaction): PostgresSession {
  return {
    query: async <R extends object>(text: string, values: readonly unknown[] = []) => ({
      rows: (await tx.query<R>(text, [...values])).rows,
    }),
  }
}
