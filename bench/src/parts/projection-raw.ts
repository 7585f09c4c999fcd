/**
 * The raw side of part `projection`: what a hand-written projection does with the driver alone. It reads the
 * log in pages with the very SELECT our subscription sends (the stores' `selectNotificationsSql`, with the
 * projection's topics and the same page size), decodes each event's state (JSON.parse of the stored bytes,
 * reading the field it needs: the trick's name, or that a dog has a name), and for each event runs one
 * transaction: the UPSERT of its kind's row and the tracking insert (the same DDL and statements as our view,
 * `projection-views.ts`). On SQLite each transaction is BEGIN IMMEDIATE … COMMIT, as our datastore's; on
 * PostgreSQL BEGIN, the two statements and COMMIT, each its own round trip, as our datastore's.
 *
 * It skips what the library adds: the page reader's MAX(notification_id) per page (which ours needs to move
 * past notifications of other topics), building domain event objects, the subscription's queue and the
 * runner's bookkeeping, the pool and the checks.
 */
import type { DatabaseSync } from 'node:sqlite'
import pg from 'pg'
import {
  insertTrackingSql as sqliteInsertTrackingSql,
  maxTrackingIdSql as sqliteMaxTrackingIdSql,
  selectNotificationsSql as sqliteSelectSql,
  trackingTableSql as sqliteTrackingTableSql,
} from '../../../lib/src/sqlite/schema.js'
import {
  insertTrackingSql as postgresInsertTrackingSql,
  listenSql,
  maxTrackingIdSql as postgresMaxTrackingIdSql,
  selectNotificationsSql as postgresSelectSql,
  trackingTableSql as postgresTrackingTableSql,
} from '../../../lib/src/postgres-core/schema.js'
import { POSTGRES } from '../stores/raw-postgres.js'
import { TRICK_ADDED } from '../stores/raw-state.js'
import { countsTableSql, upsertCountSql } from './projection-views.js'

const decoder = new TextDecoder()

/** What the raw projection reads: the log's table and page size, and the topics ours filters by. */
export interface RawLog {
  /** The events table, qualified by its schema on PostgreSQL. */
  eventsTable: string
  /** The upstream application's name, as tracked. */
  applicationName: string
  /** The topics our projection handles (the same filter in the same SELECT). */
  topics: readonly string[]
  /** Notifications per page. */
  page: number
}

/** Decodes a stored state and returns the row of the view it counts. */
export function kindOf(topic: string, state: Uint8Array): string {
  const fields = JSON.parse(decoder.decode(state)) as { name?: unknown; trick?: unknown }
  if (topic === TRICK_ADDED) return fields.trick as string
  if (typeof fields.name !== 'string') throw new Error(`A ${topic} event without a name.`)
  return 'dogs'
}

/** The names of a view's tables for a table prefix (and schema). */
export function viewTables(prefix: string, schema?: string) {
  const qualified = (name: string) => (schema === undefined ? `${prefix}_${name}` : `${schema}.${prefix}_${name}`)
  return { counts: qualified('counts'), tracking: qualified('tracking') }
}

/** What a view holds: its counts, how many positions it tracked, and the largest. */
export interface ViewState {
  counts: Map<string, number>
  tracked: number
  max: number
}

// SQLite.

export function dropSqliteView(db: DatabaseSync, prefix: string): void {
  const tables = viewTables(prefix)
  db.exec(`DROP TABLE IF EXISTS ${tables.counts}`)
  db.exec(`DROP TABLE IF EXISTS ${tables.tracking}`)
}

export function readSqliteView(db: DatabaseSync, prefix: string): ViewState {
  const tables = viewTables(prefix)
  const counts = new Map<string, number>()
  for (const row of db.prepare(`SELECT kind, n FROM ${tables.counts}`).all())
    counts.set(String(row.kind), Number(row.n))
  const tracking = db.prepare(`SELECT COUNT(*) AS c, MAX(notification_id) AS m FROM ${tables.tracking}`).get()!
  return { counts, tracked: Number(tracking.c), max: Number(tracking.m ?? 0) }
}

/**
 * Projects the log into a fresh view with the prefix, from the start until notification `target` is
 * recorded (or the log ends); returns the last notification id recorded.
 */
export function rawSqliteCatchUp(db: DatabaseSync, log: RawLog, prefix: string, target: number): number {
  const tables = viewTables(prefix)
  for (const sql of [...sqliteTrackingTableSql(tables.tracking), countsTableSql(tables.counts, 'sqlite')]) db.exec(sql)
  const select = db.prepare(sqliteSelectSql(log.eventsTable, { start: 1, limit: log.page, topics: [...log.topics] }))
  const upsert = db.prepare(upsertCountSql(tables.counts, 'sqlite'))
  const track = db.prepare(sqliteInsertTrackingSql(tables.tracking))
  let position = (db.prepare(sqliteMaxTrackingIdSql(tables.tracking)).get(log.applicationName)?.id as number) ?? 0
  while (position < target) {
    const rows = select.all(position + 1, ...log.topics, log.page)
    if (rows.length === 0) break
    for (const row of rows) {
      const id = row.notification_id as number
      const kind = kindOf(row.topic as string, row.state as Uint8Array)
      db.exec('BEGIN IMMEDIATE')
      try {
        upsert.run(kind)
        track.run(log.applicationName, id)
        db.exec('COMMIT')
      } catch (error) {
        if (db.isTransaction) db.exec('ROLLBACK')
        throw error
      }
      position = id
      if (position >= target) break
    }
  }
  return position
}

// PostgreSQL.

export async function dropPostgresView(client: pg.Client, prefix: string, schema: string): Promise<void> {
  const tables = viewTables(prefix, schema)
  await client.query(`DROP TABLE IF EXISTS ${tables.counts}, ${tables.tracking}`)
}

export async function readPostgresView(client: pg.Client, prefix: string, schema: string): Promise<ViewState> {
  const tables = viewTables(prefix, schema)
  const counts = new Map<string, number>()
  for (const row of (await client.query(`SELECT kind, n FROM ${tables.counts}`)).rows) {
    counts.set(String(row.kind), Number(row.n))
  }
  const [tracking] = (await client.query(`SELECT COUNT(*) AS c, MAX(notification_id) AS m FROM ${tables.tracking}`))
    .rows
  return { counts, tracked: Number(tracking.c), max: Number(tracking.m ?? 0) }
}

/** A hand-written PostgreSQL projection on one connection: page reads and one transaction per event. */
export class RawPostgresProjection {
  readonly client = new pg.Client(POSTGRES)
  readonly tables: { counts: string; tracking: string }
  readonly #selectSql: string
  readonly #upsertSql: string
  readonly #trackSql: string
  /** The last notification id recorded. */
  position = 0

  constructor(
    readonly log: RawLog,
    prefix: string,
    schema: string,
    /** Told of each committed event's notification id. */
    readonly written?: (notificationId: number) => void,
    /** Whether to commit without waiting for the disk (`synchronous_commit = off`), as our view may. */
    readonly unsynced = false,
  ) {
    this.tables = viewTables(prefix, schema)
    this.#selectSql = postgresSelectSql(log.eventsTable, { start: 1, limit: log.page, topics: [...log.topics] })
    this.#upsertSql = upsertCountSql(this.tables.counts, 'postgres')
    this.#trackSql = postgresInsertTrackingSql(this.tables.tracking)
  }

  /** Connects, creates the view's tables if need be, and reads the view's position. */
  async open(): Promise<this> {
    await this.client.connect()
    if (this.unsynced) await this.client.query('SET synchronous_commit = off')
    for (const sql of [
      ...postgresTrackingTableSql(this.tables.tracking),
      countsTableSql(this.tables.counts, 'postgres'),
    ])
      await this.client.query(sql)
    const [row] = (await this.client.query(postgresMaxTrackingIdSql(this.tables.tracking), [this.log.applicationName]))
      .rows
    this.position = Number(row?.id ?? 0)
    return this
  }

  /** Processes pages until the log ends or `target` is recorded. */
  async drain(target = Infinity): Promise<void> {
    while (this.position < target) {
      const { rows } = await this.client.query(this.#selectSql, [this.position + 1, this.log.topics, this.log.page])
      if (rows.length === 0) return
      for (const row of rows) {
        const id = Number(row.notification_id)
        const kind = kindOf(row.topic as string, row.state as Uint8Array)
        await this.client.query('BEGIN')
        try {
          await this.client.query(this.#upsertSql, [kind])
          await this.client.query(this.#trackSql, [this.log.applicationName, id])
          await this.client.query('COMMIT')
        } catch (error) {
          await this.client.query('ROLLBACK')
          throw error
        }
        this.position = id
        this.written?.(id)
        if (this.position >= target) return
      }
    }
  }

  async close(): Promise<void> {
    await this.client.end()
  }
}

/**
 * A hand-written live follower: LISTENs on the events table's channel (our recorder sends `pg_notify` in
 * each write's transaction) on the projection's own connection, and on each notification drains the log
 * from its position. A notification that arrives while it drains makes it drain once more afterwards.
 */
export class RawPostgresFollower {
  readonly projection: RawPostgresProjection
  error: unknown
  #draining: Promise<void> | undefined
  #again = false

  constructor(
    projection: RawPostgresProjection,
    readonly channel: string,
  ) {
    this.projection = projection
  }

  /** Opens the projection, listens, and catches up. */
  async start(): Promise<void> {
    await this.projection.open()
    this.projection.client.on('notification', () => this.#kick())
    await this.projection.client.query(listenSql(this.channel))
    this.#kick()
    await this.#draining
  }

  #kick(): void {
    if (this.#draining !== undefined) {
      this.#again = true
      return
    }
    this.#draining = this.projection
      .drain()
      .catch((error: unknown) => {
        this.error = error
      })
      .finally(() => {
        this.#draining = undefined
        if (this.#again) {
          this.#again = false
          this.#kick()
        }
      })
  }

  async stop(): Promise<void> {
    this.projection.client.removeAllListeners('notification')
    while (this.#draining !== undefined) await this.#draining
    await this.projection.close()
  }
}
