/**
 * Recorders on the tables of the Python library's SQLite store (9.x): events in `stored_events` whatever the
 * application's name, ids as 32 hexadecimal digits, notification ids from SQLite's `rowid`, topics in
 * Python's `module:Class.Event` form, tracking records in `tracking`. Topics are translated here, with the
 * record's notification id at hand, so that a record whose topic stands for no class is refused with a
 * message that names it. A table in this library's own format is detected and explained, never misread.
 */
import type { SqliteDatastore } from './datastore.js'
import { isUniqueViolation } from './errors.js'
import {
  checkIdentifier,
  checkSelectEvents,
  checkSelectNotifications,
  checkStoredEvents,
  checkTracking,
  DataError,
  hexToUuid,
  PythonTopics,
  STORAGE_FORMAT,
  trackingConflict,
  uuidToHex,
  versionConflict,
  type ApplicationRecorder,
  type InsertEventsOptions,
  type Notification,
  type ProcessRecorder,
  type SelectEventsOptions,
  type SelectNotificationsOptions,
  type StoredEvent,
} from '../persistence/index.js'

/** Options of {@link PythonSqliteApplicationRecorder}. */
export interface PythonSqliteRecorderOptions {
  /** The map between Python's topics and this library's. */
  topics: PythonTopics
  /** The table of stored events, as Python names it. @default 'stored_events' */
  eventsTable?: string | undefined
  /** The table this library would use in its own format, to detect a database written in that format. */
  ownFormatTable?: string | undefined
  /** Whether to create the tables (in Python's layout) on first use if they do not exist. @default true */
  createTable?: boolean | undefined
}

/** Options of {@link PythonSqliteProcessRecorder}. */
export interface PythonSqliteProcessRecorderOptions extends PythonSqliteRecorderOptions {
  /** The table of tracking records, as Python names it. @default 'tracking' */
  trackingTable?: string | undefined
}

/**
 * Stores and reads events in the Python library's SQLite events table.
 *
 * @example
 * ```ts
 * const recorder = new PythonSqliteApplicationRecorder(new SqliteDatastore({ dbName: 'dogschool.db' }), {
 *   topics: new PythonTopics({ module: 'dogschool' }),
 * })
 * ```
 */
export class PythonSqliteApplicationRecorder implements ApplicationRecorder {
  /** The connection this recorder works through. */
  readonly datastore: SqliteDatastore
  /** The map between Python's topics and this library's. */
  readonly topics: PythonTopics
  /** The table of stored events. */
  readonly eventsTable: string
  readonly #ownFormatTable: string | undefined
  readonly #createTable: boolean
  #checked = false

  /** @throws {@link ProgrammingError} if a table name is not a plain SQL identifier. */
  constructor(datastore: SqliteDatastore, options: PythonSqliteRecorderOptions) {
    this.datastore = datastore
    this.topics = options.topics
    this.eventsTable = options.eventsTable ?? 'stored_events'
    checkIdentifier(this.eventsTable, 'the events table name')
    this.#ownFormatTable = options.ownFormatTable
    this.#createTable = options.createTable ?? true
  }

  /**
   * Checks that the database is not in this library's own format, then creates Python's tables if they do
   * not exist (done on first use; the creation is skipped when `createTable` is false).
   *
   * @throws {@link DataError} if the events table, or the application's table, is in this library's format.
   */
  async createTable(): Promise<void> {
    await this.datastore.open()
    this.#checkFormat()
    if (!this.#createTable) return
    await this.datastore.write((connection) => {
      for (const sql of this.tableSql()) connection.exec(sql)
    })
  }

  /**
   * Stores the events in one transaction, with Python's topics and hexadecimal ids.
   *
   * @throws {@link IntegrityError} if a version is already stored.
   * @throws {@link ProgrammingError} if an id is not a UUID, or a topic has no Python topic.
   */
  async insertEvents(events: readonly StoredEvent[], options?: InsertEventsOptions): Promise<number[]> {
    checkStoredEvents(events)
    if (options?.tracking !== undefined) checkTracking(options.tracking)
    const rows = events.map((event) => [
      uuidToHex(event.originatorId),
      event.originatorVersion,
      this.topics.toPython(event.topic),
      event.state,
    ])
    await this.#ready()
    return this.datastore.write(() => {
      const insert = this.datastore.prepare(
        `INSERT INTO ${this.eventsTable} (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)`,
      )
      const ids = rows.map((row, index) => {
        try {
          return Number(insert.run(...(row as [string, number, string, Uint8Array])).lastInsertRowid)
        } catch (error) {
          throw isUniqueViolation(error) ? versionConflict(events[index]!, events.length, error) : error
        }
      })
      this.insertMore(options)
      return ids
    })
  }

  /**
   * Returns an aggregate's stored events, oldest first unless `desc`.
   *
   * @throws {@link DataError} if a record's topic stands for no class here.
   */
  async selectEvents(originatorId: string, options: SelectEventsOptions = {}): Promise<StoredEvent[]> {
    checkSelectEvents(originatorId, options)
    await this.#ready()
    const { gt, lte, limit, desc } = options
    const sql =
      `SELECT originator_version, topic, state FROM ${this.eventsTable} WHERE originator_id = ?` +
      (gt !== undefined ? ' AND originator_version > ?' : '') +
      (lte !== undefined ? ' AND originator_version <= ?' : '') +
      ` ORDER BY originator_version ${desc ? 'DESC' : 'ASC'}` +
      (limit !== undefined ? ' LIMIT ?' : '')
    const params = [uuidToHex(originatorId), gt, lte, limit].filter((value) => value !== undefined)
    return this.#rows(sql, params).map(([version, topic, state]) => {
      const originatorVersion = Number(version)
      const place = { table: this.eventsTable, originatorId, originatorVersion }
      return {
        originatorId,
        originatorVersion,
        topic: this.topics.resolve(topic as string, place),
        state: bytes(state),
      }
    })
  }

  /**
   * Returns stored events with their notification ids (Python's `rowid`), in id order.
   *
   * @throws {@link DataError} naming the notification id if a record's topic stands for no class here, or its
   *   id is not Python's.
   */
  async selectNotifications(options: SelectNotificationsOptions): Promise<Notification[]> {
    checkSelectNotifications(options)
    await this.#ready()
    const { start, stop, limit } = options
    const topics = (options.topics ?? []).map((topic) => this.topics.toPython(topic))
    const sql =
      `SELECT rowid, originator_id, originator_version, topic, state FROM ${this.eventsTable} WHERE rowid >= ?` +
      (stop !== undefined ? ' AND rowid <= ?' : '') +
      (topics.length > 0 ? ` AND topic IN (${topics.map(() => '?').join(', ')})` : '') +
      ' ORDER BY rowid LIMIT ?'
    const params = [start, stop, ...topics, limit].filter((value) => value !== undefined)
    return this.#rows(sql, params).map(([rowid, hex, version, topic, state]) => {
      const id = Number(rowid)
      const originatorVersion = Number(version)
      const originatorId = hexToUuid(String(hex))
      if (originatorId === undefined) {
        throw new DataError(
          `The event with notification id ${id} in ${this.eventsTable} has the originator id ${JSON.stringify(hex)}, ` +
            `not the 32 hexadecimal digits the Python library writes: the table is not in Python's format. ` +
            `Leave ${STORAGE_FORMAT} unset to read a table in this library's own format.`,
        )
      }
      const place = { table: this.eventsTable, notificationId: id, originatorId, originatorVersion }
      const ours = this.topics.resolve(topic as string, place)
      return { id, originatorId, originatorVersion, topic: ours, state: bytes(state) }
    })
  }

  /** Returns the largest notification id, or 0 when nothing is stored. */
  async maxNotificationId(): Promise<number> {
    await this.#ready()
    const [row] = this.#rows(`SELECT MAX(rowid) FROM ${this.eventsTable}`, [])
    return Number(row?.[0] ?? 0)
  }

  /** The statements that create Python's tables. */
  protected tableSql(): string[] {
    return [
      `CREATE TABLE IF NOT EXISTS ${this.eventsTable} (originator_id TEXT, originator_version INTEGER, ` +
        `topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))`,
    ]
  }

  /** Writes what else the insert stores, inside its transaction (a process recorder's tracking record). */
  protected insertMore(_options?: InsertEventsOptions): void {}

  /** Runs a query and returns its rows as arrays of column values. */
  protected rowsOf(sql: string, params: readonly unknown[]): unknown[][] {
    return this.#rows(sql, params)
  }

  /** Checks the format (and creates the tables) once, before the first read or write. */
  async #ready(): Promise<void> {
    if (!this.datastore.isOpen) await this.datastore.open()
    if (!this.#checked) await this.createTable()
    this.#checked = true
  }

  #rows(sql: string, params: readonly unknown[]): unknown[][] {
    return this.datastore.read(() =>
      this.datastore.prepare(sql, { arrays: true }).all(...(params as (string | number)[])),
    ) as unknown as unknown[][]
  }

  #checkFormat(): void {
    const columns = this.#columns(this.eventsTable)
    if (columns.includes('notification_id')) {
      throw new DataError(
        `The table ${this.eventsTable} has a notification_id column, so this library wrote it in its own ` +
          `format, not the Python library: leave ${STORAGE_FORMAT} unset to read it.`,
      )
    }
    const own = this.#ownFormatTable
    if (columns.length === 0 && own !== undefined && own !== this.eventsTable && this.#columns(own).length > 0) {
      throw new DataError(
        `This database has no table ${this.eventsTable}, where the Python library keeps events, but has ` +
          `${own} in this library's own format: leave ${STORAGE_FORMAT} unset to read it.`,
      )
    }
  }

  #columns(table: string): string[] {
    return this.#rows(`SELECT name FROM pragma_table_info(?)`, [table]).map(([name]) => String(name))
  }
}

/** A recorder on the Python library's SQLite tables that also records positions in upstream logs. */
export class PythonSqliteProcessRecorder extends PythonSqliteApplicationRecorder implements ProcessRecorder {
  /** The table of tracking records. */
  readonly trackingTable: string

  /** @throws {@link ProgrammingError} if a table name is not a plain SQL identifier. */
  constructor(datastore: SqliteDatastore, options: PythonSqliteProcessRecorderOptions) {
    super(datastore, options)
    this.trackingTable = options.trackingTable ?? 'tracking'
    checkIdentifier(this.trackingTable, 'the tracking table name')
  }

  /** Returns the largest tracked notification id of the named upstream application, or 0. */
  async maxTrackingId(applicationName: string): Promise<number> {
    await this.maxNotificationId()
    const sql = `SELECT MAX(notification_id) FROM ${this.trackingTable} WHERE application_name = ?`
    return Number(this.rowsOf(sql, [applicationName])[0]?.[0] ?? 0)
  }

  /** Tells whether the given upstream notification has been recorded as processed. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    await this.maxNotificationId()
    const sql = `SELECT COUNT(*) FROM ${this.trackingTable} WHERE application_name = ? AND notification_id = ?`
    return Number(this.rowsOf(sql, [applicationName, notificationId])[0]?.[0] ?? 0) > 0
  }

  protected override tableSql(): string[] {
    return [
      ...super.tableSql(),
      `CREATE TABLE IF NOT EXISTS ${this.trackingTable} (application_name TEXT, notification_id INTEGER, ` +
        `PRIMARY KEY (application_name, notification_id)) WITHOUT ROWID`,
    ]
  }

  protected override insertMore(options?: InsertEventsOptions): void {
    const tracking = options?.tracking
    if (tracking === undefined) return
    try {
      this.datastore
        .prepare(`INSERT INTO ${this.trackingTable} (application_name, notification_id) VALUES (?, ?)`)
        .run(tracking.applicationName, tracking.notificationId)
    } catch (error) {
      throw isUniqueViolation(error) ? trackingConflict(tracking, error) : error
    }
  }
}

/** Returns a BLOB column's value as a Uint8Array. */
function bytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value
  throw new DataError(`A stored event's state is ${typeof value}, not bytes: the table is not an events table.`)
}
