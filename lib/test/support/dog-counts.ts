/**
 * A view that counts dogs and tricks, written once per store, and a projection of the dog school into it:
 * the fixtures of the projection tests. A trick named 'explode' makes the view throw after it changed its
 * tables (before, in memory, where a change cannot be rolled back), so tests can show nothing is half-applied.
 */
import type { Tracking, TrackingRecorder, TrackingRecorderClass } from 'eventsourcing/persistence'
import { InMemoryTrackingRecorder } from 'eventsourcing/persistence'
import { handles, Projection } from 'eventsourcing/projection'
import { SqliteTrackingRecorder } from 'eventsourcing/sqlite'
import { PostgresTrackingRecorder } from 'eventsourcing/postgres'
import type { defineDog } from './dog-school.js'

/** The view's commands and queries. */
export interface DogCounts extends TrackingRecorder {
  countDog(tracking: Tracking): Promise<void>
  countTrick(trick: string, tracking: Tracking): Promise<void>
  dogs(): Promise<number>
  tricks(): Promise<number>
}

const explode = (trick: string) => {
  if (trick === 'explode') throw new Error('The view cannot count a trick named explode.')
}

/** The in-memory view. */
export class InMemoryDogCounts extends InMemoryTrackingRecorder implements DogCounts {
  #dogs = 0
  #tricks = 0
  async countDog(tracking: Tracking) {
    this.record(tracking, () => this.#dogs++)
  }
  async countTrick(trick: string, tracking: Tracking) {
    this.record(tracking, () => {
      explode(trick)
      this.#tricks++
    })
  }
  async dogs() {
    return this.#dogs
  }
  async tricks() {
    return this.#tricks
  }
}

/** The SQLite view: one row per counted thing. */
export class SqliteDogCounts extends SqliteTrackingRecorder implements DogCounts {
  readonly counts = this.tableName('counts')
  protected override tableSql() {
    return [
      ...super.tableSql(),
      `CREATE TABLE IF NOT EXISTS ${this.counts} (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)`,
    ]
  }
  protected override tableColumns() {
    return { ...super.tableColumns(), [this.counts]: ['kind', 'n'] }
  }
  async countDog(tracking: Tracking) {
    await this.write(tracking, () => this.#increment('dogs'))
  }
  async countTrick(trick: string, tracking: Tracking) {
    await this.write(tracking, () => {
      this.#increment('tricks')
      explode(trick)
    })
  }
  async dogs() {
    return this.read(() => this.#count('dogs'))
  }
  async tricks() {
    return this.read(() => this.#count('tricks'))
  }
  #increment(kind: string) {
    this.datastore
      .prepare(`INSERT INTO ${this.counts} (kind, n) VALUES (?, 1) ON CONFLICT (kind) DO UPDATE SET n = n + 1`)
      .run(kind)
  }
  #count(kind: string): number {
    return (this.datastore.prepare(`SELECT n FROM ${this.counts} WHERE kind = ?`).get(kind)?.n as number) ?? 0
  }
}

/** The PostgreSQL view: one row per counted thing. */
export class PostgresDogCounts extends PostgresTrackingRecorder implements DogCounts {
  readonly counts = this.tableName('counts')
  protected override tableSql() {
    return [...super.tableSql(), `CREATE TABLE IF NOT EXISTS ${this.counts} (kind text PRIMARY KEY, n bigint NOT NULL)`]
  }
  protected override tableColumns() {
    return { ...super.tableColumns(), [this.counts]: ['kind', 'n'] }
  }
  async countDog(tracking: Tracking) {
    await this.write(tracking, (client) => client.query(this.#incrementSql, ['dogs']))
  }
  async countTrick(trick: string, tracking: Tracking) {
    await this.write(tracking, async (client) => {
      await client.query(this.#incrementSql, ['tricks'])
      explode(trick)
    })
  }
  async dogs() {
    return this.#count('dogs')
  }
  async tricks() {
    return this.#count('tricks')
  }
  get #incrementSql() {
    return `INSERT INTO ${this.counts} (kind, n) VALUES ($1, 1) ON CONFLICT (kind) DO UPDATE SET n = ${this.counts}.n + 1`
  }
  async #count(kind: string): Promise<number> {
    const [row] = await this.query<{ n: string }>(`SELECT n FROM ${this.counts} WHERE kind = $1`, [kind])
    return Number(row?.n ?? 0)
  }
}

/** The view classes, one per store, as a runner takes them. */
export const DOG_COUNTS_VIEWS: TrackingRecorderClass<DogCounts>[] = [
  InMemoryDogCounts,
  SqliteDogCounts,
  PostgresDogCounts,
]

/** Defines the projection of a `Dog` class's events into {@link DogCounts}. */
export function defineDogCountsProjection(Dog: ReturnType<typeof defineDog>) {
  class DogCountsProjection extends Projection<DogCounts> {
    @handles(Dog.Registered)
    async dogRegistered(_event: InstanceType<typeof Dog.Registered>, tracking: Tracking) {
      await this.view.countDog(tracking)
    }
    @handles(Dog.TrickAdded)
    async trickAdded(event: InstanceType<typeof Dog.TrickAdded>, tracking: Tracking) {
      await this.view.countTrick(event.trick, tracking)
    }
  }
  return DogCountsProjection
}
