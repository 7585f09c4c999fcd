/**
 * The PostgreSQL base of views. A view's update and its tracking record go in one transaction, and the
 * tracking table's primary key refuses a position recorded before, so an update is stored once or not at
 * all, whichever process makes it. The tables' shapes are checked on first use, so that a view pointed at a
 * table of another shape fails at once with a message, not later with a half-understood SQL error.
 */
import type { PostgresDatabase, PostgresSession } from './database.js'
import { sqlState } from './errors.js'
import { hasTrackingIdSql, insertTrackingSql, maxTrackingIdSql, trackingTableSql } from './schema.js'
import {
  checkIdentifier,
  checkTracking,
  checkViewTable,
  notifyViewConstructed,
  trackingConflict,
  waitForTracking,
  type Tracking,
  type TrackingRecorder,
  type WaitOptions,
} from '../persistence/index.js'

/** Options of {@link PostgresTrackingRecorder}. */
export interface PostgresTrackingRecorderOptions {
  /**
   * What the view's table names start with: the tracking table is `<prefix>_tracking`, and a subclass names
   * its own tables with {@link PostgresTrackingRecorder.tableName}. @default 'view'
   */
  tablePrefix?: string | undefined
  /** The schema that holds the tables, if not the connection's default. */
  schema?: string | undefined
  /** Whether to create the tables on first use if they do not exist. @default true */
  createTable?: boolean | undefined
}

/** Serialises table creation across processes, as the recorders do. */
const CREATE_TABLE_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))'

/**
 * Records positions in upstream logs in a PostgreSQL table. Extend it with the view's tables
 * ({@link PostgresTrackingRecorder.tableSql}, {@link PostgresTrackingRecorder.tableColumns}), command methods
 * that change them through {@link PostgresTrackingRecorder.write}, and query methods that use
 * {@link PostgresTrackingRecorder.query}.
 *
 * @example
 * ```ts
 * class PostgresDogCounts extends PostgresTrackingRecorder implements DogCounts {
 *   readonly counts = this.tableName('counts')
 *   protected override tableSql() {
 *     return [...super.tableSql(), `CREATE TABLE IF NOT EXISTS ${this.counts} (name text PRIMARY KEY, n bigint NOT NULL)`]
 *   }
 *   async countDog(tracking: Tracking) {
 *     await this.write(tracking, (client) =>
 *       client.query(`INSERT INTO ${this.counts} VALUES ('dogs', 1) ON CONFLICT (name) DO UPDATE SET n = ${this.counts}.n + 1`),
 *     )
 *   }
 * }
 * ```
 */
export class PostgresTrackingRecorder implements TrackingRecorder {
  /** The database this view reads and writes through: a node-postgres pool or a PGlite instance. */
  readonly datastore: PostgresDatabase
  /** What the view's table names start with. */
  readonly tablePrefix: string
  /** The schema that holds the tables, if not the connection's default. */
  readonly schema: string | undefined
  /** The table of tracking records, qualified by the schema. */
  readonly trackingTable: string
  readonly #createTable: boolean
  #ready: Promise<void> | undefined

  /** @throws {@link ProgrammingError} if the table prefix or schema is not a plain SQL identifier. */
  constructor(datastore: PostgresDatabase, options: PostgresTrackingRecorderOptions = {}) {
    this.datastore = datastore
    this.tablePrefix = options.tablePrefix ?? 'view'
    this.schema = options.schema
    if (this.schema !== undefined) checkIdentifier(this.schema, 'the schema name (POSTGRES_SCHEMA)')
    this.trackingTable = this.tableName('tracking')
    this.#createTable = options.createTable ?? true
    notifyViewConstructed(this)
  }

  /**
   * Returns the name of one of the view's tables, `<prefix>_<purpose>`, qualified by the schema.
   *
   * @throws {@link ProgrammingError} if the name is not a plain SQL identifier.
   */
  tableName(purpose: string): string {
    const name = `${this.tablePrefix}_${purpose}`
    checkIdentifier(name, `the view's table name for ${JSON.stringify(purpose)}`)
    return this.schema === undefined ? name : `${this.schema}.${name}`
  }

  /**
   * Creates the schema (if named) and the view's tables if they do not exist (done on first use unless
   * `createTable` is false).
   *
   * @throws {@link OperationalError} if the server cannot be reached or the role may not create tables.
   */
  async createTable(): Promise<void> {
    await this.datastore.transaction(async (client) => {
      await client.query(CREATE_TABLE_LOCK, ['eventsourcing.create_table'])
      if (this.schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.schema}`)
      for (const sql of this.tableSql()) await client.query(sql)
    })
  }

  async insertTracking(tracking: Tracking): Promise<void> {
    await this.write(tracking, async () => undefined)
  }

  async maxTrackingId(applicationName: string): Promise<number> {
    const [row] = await this.query(maxTrackingIdSql(this.trackingTable), [applicationName])
    return Number(row?.id ?? 0)
  }

  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return (await this.query(hasTrackingIdSql(this.trackingTable), [applicationName, notificationId])).length > 0
  }

  wait(applicationName: string, notificationId: number, options?: WaitOptions): Promise<void> {
    return waitForTracking(this, applicationName, notificationId, options)
  }

  /** The statements that create the view's tables; a subclass adds its own to the tracking table's. */
  protected tableSql(): string[] {
    return trackingTableSql(this.trackingTable)
  }

  /** The columns each table must have (names as {@link PostgresTrackingRecorder.tableName} gives them). */
  protected tableColumns(): Record<string, readonly string[]> {
    return { [this.trackingTable]: ['application_name', 'notification_id'] }
  }

  /**
   * Runs `change` and records `tracking` in one transaction, and returns what `change` returns. If the
   * position is already recorded or `change` throws, the transaction is rolled back: nothing is stored.
   *
   * @throws {@link IntegrityError} if the position is already recorded.
   * @throws {@link OperationalError} if a table is missing or of another shape, or the server cannot be reached.
   */
  protected async write<T>(tracking: Tracking, change: (client: PostgresSession) => Promise<T>): Promise<T> {
    checkTracking(tracking)
    await this.#ensureTables()
    return this.datastore.transaction(async (client) => {
      const result = await change(client)
      try {
        await client.query(insertTrackingSql(this.trackingTable), [tracking.applicationName, tracking.notificationId])
      } catch (error) {
        const table = (error as { table?: unknown }).table
        throw sqlState(error) === '23505' && this.trackingTable.endsWith(String(table))
          ? trackingConflict(tracking, error)
          : error
      }
      return result
    })
  }

  /**
   * Runs one statement (atomic by itself) and returns its rows, once the tables are created and checked.
   *
   * @throws {@link OperationalError} if a table is missing or of another shape, or the server cannot be reached.
   */
  protected async query<R extends object = Record<string, unknown>>(
    text: string,
    values: readonly unknown[] = [],
  ): Promise<R[]> {
    await this.#ensureTables()
    return this.datastore.query<R>(text, values)
  }

  #ensureTables(): Promise<void> {
    this.#ready ??= (async () => {
      if (this.#createTable) await this.createTable()
      await this.#checkColumns()
    })().catch((error: unknown) => {
      this.#ready = undefined
      throw error
    })
    return this.#ready
  }

  async #checkColumns(): Promise<void> {
    for (const [qualified, columns] of Object.entries(this.tableColumns())) {
      const [schema, table] = qualified.includes('.') ? qualified.split('.') : [undefined, qualified]
      const rows = await this.datastore.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1 ' +
          'AND table_schema = COALESCE($2, current_schema()) ORDER BY ordinal_position',
        [table, schema ?? null],
      )
      const found = rows.map((row) => row.column_name)
      checkViewTable(qualified, found, columns, this.datastore.description)
    }
  }
}
