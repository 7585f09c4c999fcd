/**
 * The raw `pg` baseline: the very statements of our PostgreSQL store (its schema module) on one
 * connection, with the same transaction pattern: each save sends BEGIN and LOCK TABLE … IN EXCLUSIVE
 * MODE (what makes notification ids follow commit order) in one round trip, then one INSERT …
 * RETURNING, then COMMIT; each get is one SELECT outside a transaction, its rows read as arrays (node-postgres's
 * `rowMode: 'array'`, as ours reads them). Same server, so the same durability (fsync and synchronous_commit on).
 */
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { DogStore, DogView } from '../dog-school.js'
import { foldDog, registeredState, REGISTERED, TRICK_ADDED, trickAddedState, type EventRow } from './raw-state.js'
import {
  applicationTableSql,
  insertEventsSql,
  lockTableSql,
  selectEventsSql,
} from '../../../lib/src/postgres-core/schema.js'

/** The settings of the benchmark server (the test server that `scripts/start-postgres.sh` starts). */
export const POSTGRES = {
  host: '127.0.0.1',
  port: Number(process.env.POSTGRES_PORT || 5432),
  database: 'eventsourcing',
  user: 'eventsourcing',
  password: 'eventsourcing',
}

/**
 * The schema of the benchmark's tables, ours and the raw baseline's: `bench_` and this process's id, so
 * that benchmarks run at the same time on the same server (by other work trees) never drop each other's
 * tables. Each part drops it when it is done.
 */
export const BENCH_SCHEMA = `bench_${process.pid}`

/** Our settings for the same server, with the tables in the schema {@link BENCH_SCHEMA}. */
export const POSTGRES_ENV = {
  PERSISTENCE_MODULE: 'eventsourcing/postgres',
  POSTGRES_DBNAME: POSTGRES.database,
  POSTGRES_HOST: POSTGRES.host,
  POSTGRES_PORT: String(POSTGRES.port),
  POSTGRES_USER: POSTGRES.user,
  POSTGRES_PASSWORD: POSTGRES.password,
  POSTGRES_SCHEMA: BENCH_SCHEMA,
}

/** Runs one statement as the benchmark role on a connection of its own. */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client(POSTGRES)
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

/** Empties the schema {@link BENCH_SCHEMA} (ours and the raw baseline's tables). */
export async function resetBenchSchema(): Promise<void> {
  await dropBenchSchema()
  await adminQuery(`CREATE SCHEMA ${BENCH_SCHEMA}`)
}

/** Drops the schema {@link BENCH_SCHEMA}, when a part is done with it. */
export async function dropBenchSchema(): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE`)
}

/** The raw driver's connection and statements on one table. */
export class RawPostgres {
  readonly client = new pg.Client(POSTGRES)
  readonly #selectSql: string

  constructor(readonly table = `${BENCH_SCHEMA}.raw_events`) {
    this.#selectSql = selectEventsSql(table, {})
  }

  async open(): Promise<this> {
    await this.client.connect()
    // The index named as ours names it (after the unqualified table), so that opening our own table (part
    // `long`) finds it there rather than adding a second one.
    for (const sql of applicationTableSql(this.table, this.table.split('.').pop()!)) await this.client.query(sql)
    return this
  }

  /** Inserts events in one transaction that locks the table first; returns their notification ids. */
  async write(events: readonly (readonly [string, number, string, Uint8Array])[]): Promise<number[]> {
    // As our datastore does: BEGIN and the table lock in one round trip.
    await this.client.query(`BEGIN; ${lockTableSql(this.table)}`)
    try {
      const { rows } = await this.client.query(insertEventsSql(this.table, events.length, true), events.flat())
      await this.client.query('COMMIT')
      return rows.map((row) => Number(row.notification_id))
    } catch (error) {
      await this.client.query('ROLLBACK')
      throw error
    }
  }

  /** Selects an aggregate's rows, oldest first, as arrays of column values. */
  async select(id: string): Promise<EventRow[]> {
    return (await this.client.query({ text: this.#selectSql, values: [id], rowMode: 'array' })).rows as EventRow[]
  }

  async close(): Promise<void> {
    await this.client.end()
  }
}

/** The DogSchool workload on the raw driver. */
export async function rawPostgresDogStore(): Promise<DogStore> {
  const raw = await new RawPostgres().open()
  const get = async (dogId: string): Promise<{ dog: DogView; version: number }> => {
    const rows = await raw.select(dogId)
    const dog = foldDog(rows)
    if (dog === undefined) throw new Error(`Dog ${dogId} not found.`)
    return { dog, version: rows.length }
  }
  return {
    async registerDog(name) {
      const id = randomUUID()
      await raw.write([[id, 1, REGISTERED, registeredState(name)]])
      return id
    },
    async addTrick(dogId, trick) {
      const { version } = await get(dogId)
      await raw.write([[dogId, version + 1, TRICK_ADDED, trickAddedState(trick)]])
    },
    async getDog(dogId) {
      return (await get(dogId)).dog
    },
    close: () => raw.close(),
  }
}
