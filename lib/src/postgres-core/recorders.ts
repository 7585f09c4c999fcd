/**
 * The PostgreSQL recorders. Each write is one transaction, so it stores all its events (and its tracking
 * record) or none; the primary key on (originator id, originator version) turns a stale save into an
 * {@link IntegrityError}; and an application recorder locks its table before drawing notification ids, so
 * that ids increase in commit order (as the Python library does), and notifies the table's channel in the
 * same transaction, so that followers in other processes can LISTEN instead of polling.
 */
import type { PostgresDatabase, PostgresListener, PostgresSession } from './database.js'
import { sqlState } from './errors.js'
import { checkFormat } from './python-format-check.js'
import {
  aggregateTableSql,
  applicationTableSql,
  hasTrackingIdSql,
  insertEventsSql,
  insertTrackingSql,
  lockTableSql,
  MAX_ROWS_PER_INSERT,
  maxNotificationIdSql,
  maxTrackingIdSql,
  notifyChannelName,
  notifySql,
  selectEventsSql,
  selectNotificationsSql,
  trackingTableSql,
} from './schema.js'
import {
  checkIdentifier,
  checkSelectEvents,
  checkSelectNotifications,
  checkStoredEvents,
  checkTracking,
  trackingConflict,
  versionConflict,
  type AggregateRecorder,
  type ApplicationRecorder,
  type InsertEventsOptions,
  type Notification,
  type ProcessRecorder,
  type SelectEventsOptions,
  type SelectNotificationsOptions,
  type StoredEvent,
} from '../persistence/index.js'

/** Options of the PostgreSQL recorders. */
export interface PostgresRecorderOptions {
  /** The table of stored events. @default 'stored_events' */
  eventsTable?: string | undefined
  /** The schema that holds the tables (created with them if missing). @default the connection's search path */
  schema?: string | undefined
  /** Whether to create the tables on first use if they do not exist. @default true */
  createTable?: boolean | undefined
}

/** Options of {@link PostgresProcessRecorder}. */
export interface PostgresProcessRecorderOptions extends PostgresRecorderOptions {
  /** The table of tracking records. @default 'stored_tracking' */
  trackingTable?: string | undefined
}

/** Serialises table creation across connections and processes (CREATE … IF NOT EXISTS can race). */
const CREATE_TABLE_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))'

/**
 * Stores aggregates' events in a PostgreSQL table.
 *
 * @example
 * ```ts
 * const datastore = new PostgresDatastore({ dbName: 'eventsourcing', host: '127.0.0.1', user: 'eventsourcing' })
 * const recorder = new PostgresAggregateRecorder(datastore, { eventsTable: 'dogschool_snapshots' })
 * ```
 */
export class PostgresAggregateRecorder implements AggregateRecorder {
  /** The database this recorder works through: a node-postgres pool or a PGlite instance. */
  readonly datastore: PostgresDatabase
  /** The table of stored events, without its schema. */
  readonly eventsTable: string
  /** The schema that holds the tables, if not the connection's default. */
  readonly schema: string | undefined
  /** Whether insertEvents returns notification ids (and locks the table to draw them in commit order). */
  protected readonly numbersEvents: boolean = false
  readonly #createTable: boolean
  #tablesCreated: Promise<void> | undefined

  /** @throws {@link ProgrammingError} if a table or schema name is not a plain SQL identifier. */
  constructor(datastore: PostgresDatabase, options: PostgresRecorderOptions = {}) {
    this.datastore = datastore
    this.eventsTable = options.eventsTable ?? 'stored_events'
    checkIdentifier(this.eventsTable, 'the events table name')
    this.schema = options.schema
    if (this.schema !== undefined) checkIdentifier(this.schema, 'the schema name (POSTGRES_SCHEMA)')
    this.#createTable = options.createTable ?? true
  }

  /**
   * Creates the schema (if named) and the recorder's tables if they do not exist (done on first use
   * unless `createTable` is false).
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

  /**
   * Stores the events in one transaction: all of them, or none.
   *
   * @throws {@link IntegrityError} naming the aggregate and version if a version is already stored.
   * @throws {@link OperationalError} if the server cannot be reached, a lock is not granted within
   *   POSTGRES_LOCK_TIMEOUT, or a table is missing and `createTable` is false.
   * @throws {@link ProgrammingError} if the events are malformed.
   */
  async insertEvents(events: readonly StoredEvent[], options?: InsertEventsOptions): Promise<number[]> {
    checkStoredEvents(events)
    this.checkInsertOptions(options)
    await this.ensureTables()
    // An application recorder locks its table before drawing notification ids (see lockTableSql).
    const lock = this.numbersEvents && events.length > 0 ? [lockTableSql(this.qualified(this.eventsTable))] : []
    const channel = this.insertChannel
    // An application recorder notifies its channel of the last id it drew, in the round trip of the COMMIT.
    const notify = (ids: readonly number[]) =>
      channel === undefined || ids.length === 0
        ? []
        : [
            notifySql(
              channel,
              ids.reduce((a, b) => Math.max(a, b)),
            ),
          ]
    return this.datastore.transaction((client) => this.insertNow(client, events, options), lock, notify)
  }

  /**
   * Returns an aggregate's stored events, oldest first unless `desc`.
   *
   * @throws {@link OperationalError} if the server cannot be reached, or a table is missing and
   *   `createTable` is false.
   */
  async selectEvents(originatorId: string, options: SelectEventsOptions = {}): Promise<StoredEvent[]> {
    checkSelectEvents(originatorId, options)
    await this.ensureTables()
    const { gt, lte, limit } = options
    const params = [originatorId, gt, lte, limit].filter((value) => value !== undefined)
    const rows = await this.datastore.queryArrays(selectEventsSql(this.qualified(this.eventsTable), options), params)
    // An index loop, not map() with destructuring: this runs for every event an aggregate is rebuilt from.
    const events = new Array<StoredEvent>(rows.length)
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!
      events[index] = {
        originatorId,
        originatorVersion: Number(row[0]),
        topic: row[1] as string,
        state: bytes(row[2]),
      }
    }
    return events
  }

  /** The statements that create this recorder's tables. */
  protected tableSql(): string[] {
    return aggregateTableSql(this.qualified(this.eventsTable))
  }

  /** Returns a table's name qualified by the schema, if there is one. */
  protected qualified(table: string): string {
    return this.schema === undefined ? table : `${this.schema}.${table}`
  }

  /** The channel an insert notifies in its transaction, if any (application recorders notify theirs). */
  protected get insertChannel(): string | undefined {
    return undefined
  }

  /** Checks the insert options before anything is written. */
  protected checkInsertOptions(_options?: InsertEventsOptions): void {}

  /** Creates the tables on first use, unless `createTable` is false. */
  protected ensureTables(): Promise<void> {
    if (!this.#createTable) return Promise.resolve()
    this.#tablesCreated ??= this.createTable().catch((error: unknown) => {
      this.#tablesCreated = undefined
      throw error
    })
    return this.#tablesCreated
  }

  /**
   * Inserts the events inside the open transaction (which holds the table lock if it numbers them);
   * returns their notification ids.
   */
  protected async insertNow(
    client: PostgresSession,
    events: readonly StoredEvent[],
    _options?: InsertEventsOptions,
  ): Promise<number[]> {
    if (events.length === 0) return []
    const table = this.qualified(this.eventsTable)
    const ids = new Map<string, number>()
    for (let start = 0; start < events.length; start += MAX_ROWS_PER_INSERT) {
      const chunk = events.slice(start, start + MAX_ROWS_PER_INSERT)
      const params = chunk.flatMap((event) => [event.originatorId, event.originatorVersion, event.topic, event.state])
      try {
        const { rows } = await client.query(insertEventsSql(table, chunk.length, this.numbersEvents), params)
        for (const row of rows) ids.set(`${row.originator_version}:${row.originator_id}`, Number(row.notification_id))
      } catch (error) {
        throw this.#conflict(error, events) ?? error
      }
    }
    return this.numbersEvents ? events.map((e) => ids.get(`${e.originatorVersion}:${e.originatorId}`)!) : []
  }

  /** The version conflict a unique violation on the events table means, naming the event it names. */
  #conflict(error: unknown, events: readonly StoredEvent[]): Error | undefined {
    const { table, detail } = error as { table?: unknown; detail?: unknown }
    if (sqlState(error) !== '23505' || table !== this.eventsTable) return undefined
    // The detail reads: Key (originator_id, originator_version)=(<id>, <version>) already exists.
    const [, id, version] = /\)=\((.*), (\d+)\) already exists/.exec(String(detail)) ?? []
    const event = events.find((e) => e.originatorId === id && e.originatorVersion === Number(version)) ?? events[0]!
    return versionConflict(event, events.length, error)
  }
}

/**
 * Stores events in a PostgreSQL table and numbers them in commit order. Each write that stores events also
 * sends a notification on the table's channel ({@link PostgresApplicationRecorder.notifyChannel}) whose
 * payload is the largest notification id it drew; PostgreSQL delivers it when the write commits, and never
 * for a write that rolls back. {@link PostgresApplicationRecorder.listen} hears them.
 */
export class PostgresApplicationRecorder extends PostgresAggregateRecorder implements ApplicationRecorder {
  protected override readonly numbersEvents: boolean = true

  /**
   * The channel the recorder's writes notify: the qualified table name, such as `'dogschool_events'` or
   * `'myschema.dogschool_events'` (shortened with a hash when longer than PostgreSQL's 63 characters).
   */
  get notifyChannel(): string {
    return notifyChannelName(this.qualified(this.eventsTable))
  }

  /**
   * Listens, on a connection of its own, for the writes of every process to this recorder's table: calls
   * `onNotification` with the largest notification id of each write once it has committed. Notifications
   * tell a follower when to read; they are not a log (one sent while no one listens is lost), so a follower
   * still reads from its own position and should poll now and then in case the connection was lost.
   *
   * @param onError called once if the listening connection fails later; the listener is closed by then.
   * @throws {@link OperationalError} if the server cannot be reached.
   * @example
   * ```ts
   * const listener = await recorder.listen((notificationId) => console.log('stored up to', notificationId))
   * await listener.close()
   * ```
   */
  listen(
    onNotification: (notificationId: number) => void,
    onError?: (error: Error) => void,
  ): Promise<PostgresListener> {
    return this.datastore.listen(this.notifyChannel, (payload) => onNotification(Number(payload)), onError)
  }

  protected override get insertChannel(): string | undefined {
    return this.notifyChannel
  }

  /**
   * Returns stored events with their notification ids, in id order. Ids increase in commit order but may
   * have gaps (a rolled-back write used some), so page with `start` set to the last id seen plus one.
   *
   * @throws {@link OperationalError} if the server cannot be reached, or a table is missing and
   *   `createTable` is false.
   */
  async selectNotifications(options: SelectNotificationsOptions): Promise<Notification[]> {
    checkSelectNotifications(options)
    await this.ensureTables()
    const { start, stop, topics, limit } = options
    const params = [start, stop, topics?.length ? topics : undefined, limit].filter((value) => value !== undefined)
    const table = this.qualified(this.eventsTable)
    const rows = await this.datastore.queryArrays(selectNotificationsSql(table, options), params)
    return rows.map(([id, originatorId, originatorVersion, topic, state]) => ({
      id: Number(id),
      originatorId: originatorId as string,
      originatorVersion: Number(originatorVersion),
      topic: topic as string,
      state: bytes(state),
    }))
  }

  /** Returns the largest notification id, or 0 when nothing is stored. */
  async maxNotificationId(): Promise<number> {
    await this.ensureTables()
    const [row] = await this.datastore.query(maxNotificationIdSql(this.qualified(this.eventsTable)))
    return Number(row?.id ?? 0)
  }

  /**
   * Creates the schema (if named) and the recorder's tables if they do not exist, then checks that the
   * events table is not the Python library's (it has the same name).
   *
   * @throws {@link DataError} if the events table has Python's uuid ids.
   */
  override async createTable(): Promise<void> {
    await super.createTable()
    await this.datastore.withConnection((client) => checkFormat(client, this.schema, this.eventsTable, 'typescript'))
  }

  protected override tableSql(): string[] {
    return applicationTableSql(this.qualified(this.eventsTable), this.eventsTable)
  }
}

/** A PostgreSQL application recorder that also records positions in upstream notification logs. */
export class PostgresProcessRecorder extends PostgresApplicationRecorder implements ProcessRecorder {
  /** The table of tracking records, without its schema. */
  readonly trackingTable: string

  /** @throws {@link ProgrammingError} if a table or schema name is not a plain SQL identifier. */
  constructor(datastore: PostgresDatabase, options: PostgresProcessRecorderOptions = {}) {
    super(datastore, options)
    this.trackingTable = options.trackingTable ?? 'stored_tracking'
    checkIdentifier(this.trackingTable, 'the tracking table name')
  }

  /** Returns the largest tracked notification id of the named upstream application, or 0. */
  async maxTrackingId(applicationName: string): Promise<number> {
    await this.ensureTables()
    const [row] = await this.datastore.query(maxTrackingIdSql(this.qualified(this.trackingTable)), [applicationName])
    return Number(row?.id ?? 0)
  }

  /** Tells whether the given upstream notification has been recorded as processed. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    await this.ensureTables()
    const sql = hasTrackingIdSql(this.qualified(this.trackingTable))
    return (await this.datastore.query(sql, [applicationName, notificationId])).length > 0
  }

  protected override tableSql(): string[] {
    return [...super.tableSql(), ...trackingTableSql(this.qualified(this.trackingTable))]
  }

  protected override checkInsertOptions(options?: InsertEventsOptions): void {
    if (options?.tracking !== undefined) checkTracking(options.tracking)
  }

  protected override async insertNow(
    client: PostgresSession,
    events: readonly StoredEvent[],
    options?: InsertEventsOptions,
  ): Promise<number[]> {
    const ids = await super.insertNow(client, events, options)
    const tracking = options?.tracking
    if (tracking !== undefined) {
      try {
        await client.query(insertTrackingSql(this.qualified(this.trackingTable)), [
          tracking.applicationName,
          tracking.notificationId,
        ])
      } catch (error) {
        throw sqlState(error) === '23505' ? trackingConflict(tracking, error) : error
      }
    }
    return ids
  }
}

/** Returns a driver's bytea value (a Buffer) as a plain Uint8Array over the same memory. */
function bytes(value: unknown): Uint8Array {
  const buffer = value as Uint8Array
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
