/**
 * The SQLite recorders. Each write is one BEGIN IMMEDIATE transaction, so it stores all its events (and
 * its tracking record) or none; the unique key on (originator id, originator version) turns a stale
 * save into an {@link IntegrityError}, and notification ids are handed out in commit order because
 * SQLite has one writer at a time.
 */
import type { SqliteDatastore } from './datastore.js'
import { isUniqueViolation } from './errors.js'
import { checkNotPythonDatabase } from './python-format-check.js'
import {
  aggregateTableSql,
  applicationTableSql,
  hasTrackingIdSql,
  insertEventSql,
  insertTrackingSql,
  maxNotificationIdSql,
  maxTrackingIdSql,
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
  type Tracking,
} from '../persistence/index.js'

/** Options of the SQLite recorders. */
export interface SqliteRecorderOptions {
  /** The table of stored events. @default 'stored_events' */
  eventsTable?: string | undefined
  /** Whether to create the tables on first use if they do not exist. @default true */
  createTable?: boolean | undefined
}

/** Options of {@link SqliteProcessRecorder}. */
export interface SqliteProcessRecorderOptions extends SqliteRecorderOptions {
  /** The table of tracking records. @default 'stored_tracking' */
  trackingTable?: string | undefined
}

type SqlValue = string | number | Uint8Array

/**
 * Stores aggregates' events in a SQLite table.
 *
 * @example
 * ```ts
 * const recorder = new SqliteAggregateRecorder(new SqliteDatastore({ dbName: 'dogs.db' }))
 * ```
 */
export class SqliteAggregateRecorder implements AggregateRecorder {
  /** The connection this recorder writes through. */
  readonly datastore: SqliteDatastore
  /** The table of stored events. */
  readonly eventsTable: string
  /** Whether insertEvents returns notification ids. */
  protected readonly numbersEvents: boolean = false
  readonly #createTable: boolean
  #tablesExist = false

  /** @throws {@link ProgrammingError} if a table name is not a plain SQL identifier. */
  constructor(datastore: SqliteDatastore, options: SqliteRecorderOptions = {}) {
    this.datastore = datastore
    this.eventsTable = options.eventsTable ?? 'stored_events'
    checkIdentifier(this.eventsTable, 'the events table name')
    this.#createTable = options.createTable ?? true
  }

  /**
   * Creates the recorder's tables if they do not exist (done on first use unless `createTable` is false).
   *
   * @throws {@link OperationalError} if the database cannot be opened or written.
   */
  async createTable(): Promise<void> {
    await this.datastore.open()
    await this.datastore.write((connection) => {
      for (const sql of this.tableSql()) connection.exec(sql)
    })
    this.#tablesExist = true
  }

  /**
   * Stores the events in one transaction: all of them, or none.
   *
   * @throws {@link IntegrityError} naming the aggregate and version if a version is already stored.
   * @throws {@link OperationalError} if the database is locked for longer than the lock timeout, or a table
   *   is missing and `createTable` is false.
   * @throws {@link ProgrammingError} if the events are malformed.
   */
  async insertEvents(events: readonly StoredEvent[], options?: InsertEventsOptions): Promise<number[]> {
    checkStoredEvents(events)
    this.checkInsertOptions(options)
    await this.ensureTables()
    return this.datastore.write(() => this.insertNow(events, options))
  }

  /**
   * Returns an aggregate's stored events, oldest first unless `desc`.
   *
   * @throws {@link OperationalError} if a table is missing and `createTable` is false.
   */
  async selectEvents(originatorId: string, options: SelectEventsOptions = {}): Promise<StoredEvent[]> {
    checkSelectEvents(originatorId, options)
    await this.ensureTables()
    const { gt, lte, limit } = options
    const params = [originatorId, gt, lte, limit].filter((value) => value !== undefined)
    const rows = this.rows(selectEventsSql(this.eventsTable, options), params)
    // An index loop, not map() with destructuring: this runs for every event an aggregate is rebuilt from.
    const events = new Array<StoredEvent>(rows.length)
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]!
      events[index] = {
        originatorId,
        originatorVersion: row[0] as number,
        topic: row[1] as string,
        state: row[2] as Uint8Array,
      }
    }
    return events
  }

  /** The statements that create this recorder's tables. */
  protected tableSql(): string[] {
    return aggregateTableSql(this.eventsTable)
  }

  /** Checks the insert options before anything is written. */
  protected checkInsertOptions(_options?: InsertEventsOptions): void {}

  /** Inserts the events inside the open write transaction; returns their notification ids. */
  protected insertNow(events: readonly StoredEvent[], _options?: InsertEventsOptions): number[] {
    const insert = this.datastore.prepare(insertEventSql(this.eventsTable))
    const ids: number[] = []
    for (const event of events) {
      try {
        const { lastInsertRowid } = insert.run(event.originatorId, event.originatorVersion, event.topic, event.state)
        ids.push(Number(lastInsertRowid))
      } catch (error) {
        throw isUniqueViolation(error) ? versionConflict(event, events.length, error) : error
      }
    }
    return this.numbersEvents ? ids : []
  }

  /** Runs a query and returns its rows as arrays of column values, in SELECT order. */
  protected rows(sql: string, params: readonly SqlValue[]): unknown[][] {
    return this.datastore.read(() =>
      this.datastore.prepare(sql, { arrays: true }).all(...params),
    ) as unknown as unknown[][]
  }

  /** Runs a query and returns its rows. */
  protected all(sql: string, params: readonly SqlValue[]): Record<string, unknown>[] {
    return this.datastore.read(() => this.datastore.prepare(sql).all(...params))
  }

  /** Opens the database and creates the tables on first use, unless `createTable` is false. */
  protected async ensureTables(): Promise<void> {
    if (!this.datastore.isOpen) await this.datastore.open()
    if (this.#createTable && !this.#tablesExist) await this.createTable()
  }
}

/** Stores events in a SQLite table and numbers them 1, 2, 3 … in commit order. */
export class SqliteApplicationRecorder extends SqliteAggregateRecorder implements ApplicationRecorder {
  protected override readonly numbersEvents: boolean = true

  /**
   * Returns stored events with their notification ids, in id order.
   *
   * @throws {@link OperationalError} if a table is missing and `createTable` is false.
   */
  async selectNotifications(options: SelectNotificationsOptions): Promise<Notification[]> {
    checkSelectNotifications(options)
    await this.ensureTables()
    const { start, stop, topics, limit } = options
    const params = [start, stop, ...(topics ?? []), limit].filter((value) => value !== undefined)
    const rows = this.rows(selectNotificationsSql(this.eventsTable, options), params)
    return rows.map(([id, originatorId, originatorVersion, topic, state]) => ({
      id: id as number,
      originatorId: originatorId as string,
      originatorVersion: originatorVersion as number,
      topic: topic as string,
      state: state as Uint8Array,
    }))
  }

  /** Returns the largest notification id, or 0 when nothing is stored. */
  async maxNotificationId(): Promise<number> {
    await this.ensureTables()
    return (this.all(maxNotificationIdSql(this.eventsTable), [])[0]?.id as number | null) ?? 0
  }

  /**
   * Creates the recorder's tables if they do not exist, after checking that the database is not the Python
   * library's.
   *
   * @throws {@link DataError} if the database holds the Python library's events table.
   */
  override async createTable(): Promise<void> {
    await this.datastore.open()
    checkNotPythonDatabase(this.datastore, this.eventsTable)
    await super.createTable()
  }

  protected override tableSql(): string[] {
    return applicationTableSql(this.eventsTable)
  }
}

/** A SQLite application recorder that also records positions in upstream notification logs. */
export class SqliteProcessRecorder extends SqliteApplicationRecorder implements ProcessRecorder {
  /** The table of tracking records. */
  readonly trackingTable: string

  /** @throws {@link ProgrammingError} if a table name is not a plain SQL identifier. */
  constructor(datastore: SqliteDatastore, options: SqliteProcessRecorderOptions = {}) {
    super(datastore, options)
    this.trackingTable = options.trackingTable ?? 'stored_tracking'
    checkIdentifier(this.trackingTable, 'the tracking table name')
  }

  /** Returns the largest tracked notification id of the named upstream application, or 0. */
  async maxTrackingId(applicationName: string): Promise<number> {
    await this.ensureTables()
    return (this.all(maxTrackingIdSql(this.trackingTable), [applicationName])[0]?.id as number | null) ?? 0
  }

  /** Tells whether the given upstream notification has been recorded as processed. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    await this.ensureTables()
    return this.all(hasTrackingIdSql(this.trackingTable), [applicationName, notificationId]).length > 0
  }

  protected override tableSql(): string[] {
    return [...super.tableSql(), ...trackingTableSql(this.trackingTable)]
  }

  protected override checkInsertOptions(options?: InsertEventsOptions): void {
    if (options?.tracking !== undefined) checkTracking(options.tracking)
  }

  protected override insertNow(events: readonly StoredEvent[], options?: InsertEventsOptions): number[] {
    const ids = super.insertNow(events, options)
    const tracking = options?.tracking
    if (tracking !== undefined) insertTrackingNow(this.datastore, this.trackingTable, tracking)
    return ids
  }
}

/**
 * Inserts a tracking record inside the open write transaction.
 *
 * @throws {@link IntegrityError} if the position is already recorded.
 */
export function insertTrackingNow(datastore: SqliteDatastore, table: string, tracking: Tracking): void {
  try {
    datastore.prepare(insertTrackingSql(table)).run(tracking.applicationName, tracking.notificationId)
  } catch (error) {
    throw isUniqueViolation(error) ? trackingConflict(tracking, error) : error
  }
}
