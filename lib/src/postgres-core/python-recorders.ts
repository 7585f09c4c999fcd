/**
 * Recorders on the tables of the Python library's PostgreSQL store (9.x): events in `<app>_events` with
 * `uuid` ids, `bigint` versions, `bytea` state and a `notification_id` drawn from a `bigserial` sequence under
 * the same table lock as Python takes (so ids increase in commit order whichever library writes); topics in
 * Python's `module:Class.Event` form, translated here with the record's notification id at hand; tracking
 * records in `<app>_tracking`. A table in this library's own format is detected and explained, never misread.
 */
import type { PostgresDatabase, PostgresSession } from './database.js'
import { sqlState } from './errors.js'
import { checkFormat } from './python-format-check.js'
import {
  checkIdentifier,
  checkSelectEvents,
  checkSelectNotifications,
  checkStoredEvents,
  checkTracking,
  PythonTopics,
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

/** Options of {@link PythonPostgresApplicationRecorder}. */
export interface PythonPostgresRecorderOptions {
  /** The map between Python's topics and this library's. */
  topics: PythonTopics
  /** The table of stored events, as Python names it (`<app>_events`). */
  eventsTable: string
  /** The schema that holds the tables (Python's `POSTGRES_SCHEMA`). @default the connection's search path */
  schema?: string | undefined
  /** Whether to create the tables (in Python's layout) on first use if they do not exist. @default true */
  createTable?: boolean | undefined
}

/** Options of {@link PythonPostgresProcessRecorder}. */
export interface PythonPostgresProcessRecorderOptions extends PythonPostgresRecorderOptions {
  /** The table of tracking records, as Python names it (`<app>_tracking`). */
  trackingTable: string
}

/** Most events in one INSERT statement (four parameters each, within PostgreSQL's 65,535). */
const MAX_ROWS_PER_INSERT = 1000
const CREATE_TABLE_LOCK = 'SELECT pg_advisory_xact_lock(hashtext($1))'

/**
 * Stores and reads events in the Python library's PostgreSQL events table.
 *
 * @example
 * ```ts
 * const recorder = new PythonPostgresApplicationRecorder(datastore, {
 *   topics: new PythonTopics({ module: 'dogschool' }),
 *   eventsTable: 'dogschool_events',
 * })
 * ```
 */
export class PythonPostgresApplicationRecorder implements ApplicationRecorder {
  /** The database this recorder works through: a node-postgres pool or a PGlite instance. */
  readonly datastore: PostgresDatabase
  /** The map between Python's topics and this library's. */
  readonly topics: PythonTopics
  /** The table of stored events, without its schema. */
  readonly eventsTable: string
  /** The schema that holds the tables, if not the connection's default. */
  readonly schema: string | undefined
  readonly #createTable: boolean
  #ready: Promise<void> | undefined

  /** @throws {@link ProgrammingError} if a table or schema name is not a plain SQL identifier. */
  constructor(datastore: PostgresDatabase, options: PythonPostgresRecorderOptions) {
    this.datastore = datastore
    this.topics = options.topics
    this.eventsTable = options.eventsTable
    checkIdentifier(this.eventsTable, 'the events table name')
    this.schema = options.schema
    if (this.schema !== undefined) checkIdentifier(this.schema, 'the schema name (POSTGRES_SCHEMA)')
    this.#createTable = options.createTable ?? true
  }

  /**
   * Creates Python's tables if they do not exist (unless `createTable` is false), then checks that the events
   * table is in Python's layout. Done on first use.
   *
   * @throws {@link DataError} if the events table is in this library's own format.
   * @throws {@link OperationalError} if the server cannot be reached or the role may not create tables.
   */
  async createTable(): Promise<void> {
    await this.datastore.transaction(async (client) => {
      if (this.#createTable) {
        await client.query(CREATE_TABLE_LOCK, ['eventsourcing.create_table'])
        for (const sql of this.tableSql()) await client.query(sql)
      }
      await checkFormat(client, this.schema, this.eventsTable, 'python')
    })
  }

  /**
   * Stores the events in one transaction, under Python's table lock and topics.
   *
   * @throws {@link IntegrityError} if a version is already stored.
   * @throws {@link ProgrammingError} if an id is not a UUID, or a topic has no Python topic.
   */
  async insertEvents(events: readonly StoredEvent[], options?: InsertEventsOptions): Promise<number[]> {
    checkStoredEvents(events)
    if (options?.tracking !== undefined) checkTracking(options.tracking)
    for (const event of events) uuidToHex(event.originatorId)
    const topics = events.map((event) => this.topics.toPython(event.topic))
    await this.#prepared()
    const table = this.qualified(this.eventsTable)
    const lock = events.length > 0 ? [`LOCK TABLE ${table} IN EXCLUSIVE MODE`] : []
    return this.datastore.transaction(async (client) => {
      const ids = new Map<string, number>()
      for (let start = 0; start < events.length; start += MAX_ROWS_PER_INSERT) {
        const chunk = events.slice(start, start + MAX_ROWS_PER_INSERT)
        const values = chunk.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`)
        const params = chunk.flatMap((e, i) => [e.originatorId, e.originatorVersion, topics[start + i], e.state])
        const sql =
          `INSERT INTO ${table} (originator_id, originator_version, topic, state) VALUES ${values.join(', ')} ` +
          'RETURNING originator_id, originator_version, notification_id'
        try {
          const { rows } = await client.query(sql, params)
          for (const row of rows) ids.set(`${row.originator_version}:${row.originator_id}`, Number(row.notification_id))
        } catch (error) {
          if (sqlState(error) !== '23505') throw error
          throw versionConflict(events[0]!, events.length, error)
        }
      }
      await this.insertMore(client, options)
      return events.map((e) => ids.get(`${e.originatorVersion}:${e.originatorId.toLowerCase()}`)!)
    }, lock)
  }

  /**
   * Returns an aggregate's stored events, oldest first unless `desc`.
   *
   * @throws {@link DataError} if a record's topic stands for no class here.
   */
  async selectEvents(originatorId: string, options: SelectEventsOptions = {}): Promise<StoredEvent[]> {
    checkSelectEvents(originatorId, options)
    uuidToHex(originatorId)
    await this.#prepared()
    const { gt, lte, limit, desc } = options
    let count = 1
    const sql =
      `SELECT originator_version, topic, state FROM ${this.qualified(this.eventsTable)} WHERE originator_id = $1` +
      (gt !== undefined ? ` AND originator_version > $${++count}` : '') +
      (lte !== undefined ? ` AND originator_version <= $${++count}` : '') +
      ` ORDER BY originator_version ${desc ? 'DESC' : 'ASC'}` +
      (limit !== undefined ? ` LIMIT $${++count}` : '')
    const params = [originatorId, gt, lte, limit].filter((value) => value !== undefined)
    const rows = await this.datastore.queryArrays(sql, params)
    return rows.map(([version, topic, state]) => {
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
   * Returns stored events with their notification ids, in id order (ids may have gaps: page from the last
   * id seen plus one).
   *
   * @throws {@link DataError} naming the notification id if a record's topic stands for no class here.
   */
  async selectNotifications(options: SelectNotificationsOptions): Promise<Notification[]> {
    checkSelectNotifications(options)
    await this.#prepared()
    const { start, stop, limit } = options
    const topics = options.topics?.length ? options.topics.map((topic) => this.topics.toPython(topic)) : undefined
    let count = 1
    const sql =
      `SELECT notification_id, originator_id, originator_version, topic, state ` +
      `FROM ${this.qualified(this.eventsTable)} WHERE notification_id >= $1` +
      (stop !== undefined ? ` AND notification_id <= $${++count}` : '') +
      (topics !== undefined ? ` AND topic = ANY($${++count})` : '') +
      ` ORDER BY notification_id LIMIT $${++count}`
    const params = [start, stop, topics, limit].filter((value) => value !== undefined)
    const rows = await this.datastore.queryArrays(sql, params)
    return rows.map(([notificationId, originatorId, version, topic, state]) => {
      const id = Number(notificationId)
      const originatorVersion = Number(version)
      const place = {
        table: this.eventsTable,
        notificationId: id,
        originatorId: String(originatorId),
        originatorVersion,
      }
      const ours = this.topics.resolve(topic as string, place)
      return { id, originatorId: String(originatorId), originatorVersion, topic: ours, state: bytes(state) }
    })
  }

  /** Returns the largest notification id, or 0 when nothing is stored. */
  async maxNotificationId(): Promise<number> {
    await this.#prepared()
    const [row] = await this.datastore.query(
      `SELECT MAX(notification_id) AS id FROM ${this.qualified(this.eventsTable)}`,
    )
    return Number(row?.id ?? 0)
  }

  /** The statements that create Python's tables. */
  protected tableSql(): string[] {
    const table = this.qualified(this.eventsTable)
    return [
      `CREATE TABLE IF NOT EXISTS ${table} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, ` +
        `topic text, state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version)) ` +
        `WITH (autovacuum_enabled=false)`,
      `CREATE UNIQUE INDEX IF NOT EXISTS ${this.eventsTable}_notification_id_idx ON ${table} (notification_id ASC)`,
    ]
  }

  /** Writes what else the insert stores, inside its transaction (a process recorder's tracking record). */
  protected async insertMore(_client: PostgresSession, _options?: InsertEventsOptions): Promise<void> {}

  /** Returns a table's name qualified by the schema, if there is one. */
  protected qualified(table: string): string {
    return this.schema === undefined ? table : `${this.schema}.${table}`
  }

  /** Creates and checks the tables once, before the first read or write. */
  #prepared(): Promise<void> {
    this.#ready ??= this.createTable().catch((error: unknown) => {
      this.#ready = undefined
      throw error
    })
    return this.#ready
  }
}

/** A recorder on the Python library's PostgreSQL tables that also records positions in upstream logs. */
export class PythonPostgresProcessRecorder extends PythonPostgresApplicationRecorder implements ProcessRecorder {
  /** The table of tracking records, without its schema. */
  readonly trackingTable: string

  /** @throws {@link ProgrammingError} if a table or schema name is not a plain SQL identifier. */
  constructor(datastore: PostgresDatabase, options: PythonPostgresProcessRecorderOptions) {
    super(datastore, options)
    this.trackingTable = options.trackingTable
    checkIdentifier(this.trackingTable, 'the tracking table name')
  }

  /** Returns the largest tracked notification id of the named upstream application, or 0. */
  async maxTrackingId(applicationName: string): Promise<number> {
    await this.maxNotificationId()
    const sql = `SELECT MAX(notification_id) AS id FROM ${this.qualified(this.trackingTable)} WHERE application_name = $1`
    const [row] = await this.datastore.query(sql, [applicationName])
    return Number(row?.id ?? 0)
  }

  /** Tells whether the given upstream notification has been recorded as processed. */
  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    await this.maxNotificationId()
    const sql =
      `SELECT 1 AS found FROM ${this.qualified(this.trackingTable)} ` +
      'WHERE application_name = $1 AND notification_id = $2'
    return (await this.datastore.query(sql, [applicationName, notificationId])).length > 0
  }

  protected override tableSql(): string[] {
    return [
      ...super.tableSql(),
      `CREATE TABLE IF NOT EXISTS ${this.qualified(this.trackingTable)} (application_name text, ` +
        `notification_id bigint, PRIMARY KEY (application_name, notification_id))`,
    ]
  }

  protected override async insertMore(client: PostgresSession, options?: InsertEventsOptions): Promise<void> {
    const tracking = options?.tracking
    if (tracking === undefined) return
    try {
      await client.query(
        `INSERT INTO ${this.qualified(this.trackingTable)} (application_name, notification_id) VALUES ($1, $2)`,
        [tracking.applicationName, tracking.notificationId],
      )
    } catch (error) {
      throw sqlState(error) === '23505' ? trackingConflict(tracking, error) : error
    }
  }
}

/** Returns a driver's bytea value (a Buffer) as a plain Uint8Array over the same memory. */
function bytes(value: unknown): Uint8Array {
  const buffer = value as Uint8Array
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
