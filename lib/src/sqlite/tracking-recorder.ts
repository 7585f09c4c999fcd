/**
 * The SQLite base of views. A view's update and its tracking record go in one BEGIN IMMEDIATE transaction,
 * and the tracking table's primary key refuses a position recorded before, so an update is stored once or
 * not at all. The tables' shapes are checked on first use, so that a view pointed at a table of another
 * shape fails at once with a message, not later with a half-understood SQL error.
 */
import type { SqliteConnection } from './connection.js'
import type { SqliteDatastore } from './datastore.js'
import { insertTrackingNow } from './recorders.js'
import { hasTrackingIdSql, maxTrackingIdSql, trackingTableSql } from './schema.js'
import {
  checkIdentifier,
  checkTracking,
  checkViewTable,
  notifyViewConstructed,
  waitForTracking,
  type Tracking,
  type TrackingRecorder,
  type WaitOptions,
} from '../persistence/index.js'

/** Options of {@link SqliteTrackingRecorder}. */
export interface SqliteTrackingRecorderOptions {
  /**
   * What the view's table names start with: the tracking table is `<prefix>_tracking`, and a subclass names
   * its own tables with {@link SqliteTrackingRecorder.tableName}. @default 'view'
   */
  tablePrefix?: string | undefined
  /** Whether to create the tables on first use if they do not exist. @default true */
  createTable?: boolean | undefined
}

/**
 * Records positions in upstream logs in a SQLite table. Extend it with the view's tables
 * ({@link SqliteTrackingRecorder.tableSql}, {@link SqliteTrackingRecorder.tableColumns}), command methods that
 * change them through {@link SqliteTrackingRecorder.write}, and query methods that use
 * {@link SqliteTrackingRecorder.read}.
 *
 * @example
 * ```ts
 * class SqliteDogCounts extends SqliteTrackingRecorder implements DogCounts {
 *   readonly counts = this.tableName('counts')
 *   protected override tableSql() {
 *     return [...super.tableSql(), `CREATE TABLE IF NOT EXISTS ${this.counts} (name TEXT PRIMARY KEY, n INTEGER NOT NULL)`]
 *   }
 *   async countDog(tracking: Tracking) {
 *     await this.write(tracking, (db) => {
 *       db.prepare(`INSERT INTO ${this.counts} VALUES ('dogs', 1) ON CONFLICT DO UPDATE SET n = n + 1`).run()
 *     })
 *   }
 * }
 * ```
 */
export class SqliteTrackingRecorder implements TrackingRecorder {
  /** The connection this view reads and writes through. */
  readonly datastore: SqliteDatastore
  /** What the view's table names start with. */
  readonly tablePrefix: string
  /** The table of tracking records. */
  readonly trackingTable: string
  readonly #createTable: boolean
  #ready: Promise<void> | undefined

  /** @throws {@link ProgrammingError} if the table prefix is not a plain SQL identifier. */
  constructor(datastore: SqliteDatastore, options: SqliteTrackingRecorderOptions = {}) {
    this.datastore = datastore
    this.tablePrefix = options.tablePrefix ?? 'view'
    this.trackingTable = this.tableName('tracking')
    this.#createTable = options.createTable ?? true
    notifyViewConstructed(this)
  }

  /**
   * Returns the name of one of the view's tables: `<prefix>_<purpose>`.
   *
   * @throws {@link ProgrammingError} if the name is not a plain SQL identifier.
   */
  tableName(purpose: string): string {
    const name = `${this.tablePrefix}_${purpose}`
    checkIdentifier(name, `the view's table name for ${JSON.stringify(purpose)}`)
    return name
  }

  /**
   * Creates the view's tables if they do not exist (done on first use unless `createTable` is false).
   *
   * @throws {@link OperationalError} if the database cannot be opened or written.
   */
  async createTable(): Promise<void> {
    await this.datastore.open()
    await this.datastore.write((connection) => {
      for (const sql of this.tableSql()) connection.exec(sql)
    })
  }

  async insertTracking(tracking: Tracking): Promise<void> {
    await this.write(tracking, () => undefined)
  }

  async maxTrackingId(applicationName: string): Promise<number> {
    return this.read(
      () =>
        (this.datastore.prepare(maxTrackingIdSql(this.trackingTable)).get(applicationName)?.id as number | null) ?? 0,
    )
  }

  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return this.read(
      () =>
        this.datastore.prepare(hasTrackingIdSql(this.trackingTable)).get(applicationName, notificationId) !== undefined,
    )
  }

  wait(applicationName: string, notificationId: number, options?: WaitOptions): Promise<void> {
    return waitForTracking(this, applicationName, notificationId, options)
  }

  /** The statements that create the view's tables; a subclass adds its own to the tracking table's. */
  protected tableSql(): string[] {
    return trackingTableSql(this.trackingTable)
  }

  /** The columns each table must have, checked on first use; a subclass adds its own tables'. */
  protected tableColumns(): Record<string, readonly string[]> {
    return { [this.trackingTable]: ['application_name', 'notification_id'] }
  }

  /**
   * Runs `change` and records `tracking` in one transaction, and returns what `change` returns. If the
   * position is already recorded or `change` throws, the transaction is rolled back: nothing is stored.
   *
   * @throws {@link IntegrityError} if the position is already recorded.
   * @throws {@link OperationalError} if a table is missing or of another shape, or the write lock is not
   *   granted within the lock timeout.
   */
  protected async write<T>(tracking: Tracking, change: (connection: SqliteConnection) => T): Promise<T> {
    checkTracking(tracking)
    await this.#ensureTables()
    return this.datastore.write((connection) => {
      const result = change(connection)
      insertTrackingNow(this.datastore, this.trackingTable, tracking)
      return result
    })
  }

  /**
   * Runs `query` on the view's connection (one statement is atomic by itself) and returns its result.
   *
   * @throws {@link OperationalError} if a table is missing or of another shape.
   */
  protected async read<T>(query: (connection: SqliteConnection) => T): Promise<T> {
    await this.#ensureTables()
    return this.datastore.read(query)
  }

  #ensureTables(): Promise<void> {
    this.#ready ??= (async () => {
      if (!this.datastore.isOpen) await this.datastore.open()
      if (this.#createTable) await this.createTable()
      this.#checkColumns()
    })().catch((error: unknown) => {
      this.#ready = undefined
      throw error
    })
    return this.#ready
  }

  #checkColumns(): void {
    for (const [table, columns] of Object.entries(this.tableColumns())) {
      checkIdentifier(table, 'a view table name')
      const found = this.datastore.read((connection) =>
        connection
          .prepare(`SELECT name FROM pragma_table_info('${table}')`)
          .all()
          .map((row) => row.name as string),
      )
      checkViewTable(table, found, columns, `'${this.datastore.dbName}'`)
    }
  }
}
