/**
 * The raw `node:sqlite` baseline: the very statements of our SQLite store (its schema module), the same
 * connection settings (busy timeout, write-ahead log, default `synchronous`), and the same transaction
 * pattern: each save is BEGIN IMMEDIATE, one INSERT, COMMIT; each get is one SELECT outside a
 * transaction, its rows read as arrays (as ours reads them). Only what our library adds is left out.
 */
import { randomUUID } from 'node:crypto'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type { DogStore, DogView } from '../dog-school.js'
import { foldDog, registeredState, REGISTERED, TRICK_ADDED, trickAddedState, type EventRow } from './raw-state.js'
import { applicationTableSql, insertEventSql, selectEventsSql } from '../../../lib/src/sqlite/schema.js'

/** The raw driver's connection and statements on one table. */
export class RawSqlite {
  readonly db: DatabaseSync
  readonly #insert: StatementSync
  readonly #select: StatementSync

  constructor(
    file: string,
    readonly table = 'raw_events',
  ) {
    this.db = new DatabaseSync(file, { timeout: 5000 })
    this.db.exec('PRAGMA journal_mode = WAL')
    for (const sql of applicationTableSql(table)) this.db.exec(sql)
    this.#insert = this.db.prepare(insertEventSql(table))
    this.#select = this.db.prepare(selectEventsSql(table, {}))
    this.#select.setReturnArrays(true)
  }

  /** Inserts events in one write transaction; returns their notification ids. */
  write(events: readonly (readonly [string, number, string, Uint8Array])[]): number[] {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const ids = events.map((e) => Number(this.#insert.run(e[0], e[1], e[2], e[3]).lastInsertRowid))
      this.db.exec('COMMIT')
      return ids
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK')
      throw error
    }
  }

  /** Selects an aggregate's rows, oldest first, as arrays of column values. */
  select(id: string): EventRow[] {
    return this.#select.all(id) as unknown as EventRow[]
  }

  close(): void {
    this.db.close()
  }
}

/** The DogSchool workload on the raw driver. */
export function rawSqliteDogStore(file: string): DogStore {
  const raw = new RawSqlite(file)
  const get = (dogId: string): { dog: DogView; version: number } => {
    const rows = raw.select(dogId)
    const dog = foldDog(rows)
    if (dog === undefined) throw new Error(`Dog ${dogId} not found.`)
    return { dog, version: rows.length }
  }
  return {
    async registerDog(name) {
      const id = randomUUID()
      raw.write([[id, 1, REGISTERED, registeredState(name)]])
      return id
    },
    async addTrick(dogId, trick) {
      const { version } = get(dogId)
      raw.write([[dogId, version + 1, TRICK_ADDED, trickAddedState(trick)]])
    },
    async getDog(dogId) {
      return get(dogId).dog
    },
    async close() {
      raw.close()
    },
  }
}
