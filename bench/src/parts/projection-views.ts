/**
 * Our side of part `projection`: a view that counts dogs and each trick (one row per kind: `dogs`,
 * `trick-0` … `trick-9`), written once per store on the library's tracking recorders, and the projection of
 * the DogSchool into it with `@handles`. Each event is one UPSERT of its kind's row plus the tracking insert,
 * in one transaction (the recorder's `write`). The view tells {@link onViewWritten} of each write once it has
 * committed, so that the part can time "the view has reached notification n" without polling.
 *
 * The raw side (`projection-raw.ts`) uses the very same DDL and statements, from {@link countsTableSql} and
 * {@link upsertCountSql} here and the stores' schema modules.
 */
import type { Tracking, TrackingRecorder } from 'eventsourcing/persistence'
import { handles, Projection } from 'eventsourcing/projection'
import { SqliteTrackingRecorder } from 'eventsourcing/sqlite'
import { PostgresTrackingRecorder, type PostgresDatastore } from 'eventsourcing/postgres'
import { Dog } from '../dog-school.js'
import { TRICKS } from '../workload.js'

/** The projection's name, which (lower-cased) prefixes the view's tables: `benchcounts_counts`, `…_tracking`. */
export const PROJECTION_NAME = 'BenchCounts'

/** The DDL of the counts table (SQLite and PostgreSQL alike). */
export function countsTableSql(table: string, store: 'sqlite' | 'postgres'): string {
  return store === 'sqlite'
    ? `CREATE TABLE IF NOT EXISTS ${table} (kind TEXT PRIMARY KEY, n INTEGER NOT NULL)`
    : `CREATE TABLE IF NOT EXISTS ${table} (kind text PRIMARY KEY, n bigint NOT NULL)`
}

/** Adds one to a kind's row (creating it at 1). */
export function upsertCountSql(table: string, store: 'sqlite' | 'postgres'): string {
  return store === 'sqlite'
    ? `INSERT INTO ${table} (kind, n) VALUES (?, 1) ON CONFLICT (kind) DO UPDATE SET n = n + 1`
    : `INSERT INTO ${table} (kind, n) VALUES ($1, 1) ON CONFLICT (kind) DO UPDATE SET n = ${table}.n + 1`
}

let written: ((notificationId: number) => void) | undefined
let unsynced = false

/**
 * Makes the views constructed from now on commit without waiting for the disk (or again with it): on SQLite
 * `PRAGMA synchronous = NORMAL` on the view's connection (in write-ahead-log mode a commit is then not
 * synced; a checkpoint is), on PostgreSQL `SET synchronous_commit = off` on each of the view's pooled
 * connections. The view's change and its tracking row still commit together, so a crash loses at most the
 * last few events' processing, consistently, and the runner redoes them: exactly once still holds.
 */
export function setUnsyncedCommits(on: boolean): void {
  unsynced = on
}

/** Sets (or clears) what is told of each committed view write: the notification id it recorded. */
export function onViewWritten(listener: ((notificationId: number) => void) | undefined): void {
  written = listener
}

/** The view's commands. */
export interface BenchCounts extends TrackingRecorder {
  count(kind: string, tracking: Tracking): Promise<void>
  /** The durability setting of the view's connections, to check {@link setUnsyncedCommits} took. */
  synchronous(): Promise<string>
}

/** The SQLite view. */
export class SqliteBenchCounts extends SqliteTrackingRecorder implements BenchCounts {
  readonly counts = this.tableName('counts')
  readonly #upsert = upsertCountSql(this.counts, 'sqlite')
  constructor(...args: ConstructorParameters<typeof SqliteTrackingRecorder>) {
    super(...args)
    if (unsynced) this.datastore.connection().exec('PRAGMA synchronous = NORMAL')
  }
  /** The connection's `synchronous` setting (2 is FULL, 1 NORMAL). */
  async synchronous(): Promise<string> {
    return this.read((connection) => String(connection.prepare('PRAGMA synchronous').get()?.synchronous))
  }
  protected override tableSql() {
    return [...super.tableSql(), countsTableSql(this.counts, 'sqlite')]
  }
  protected override tableColumns() {
    return { ...super.tableColumns(), [this.counts]: ['kind', 'n'] }
  }
  async count(kind: string, tracking: Tracking) {
    await this.write(tracking, () => {
      this.datastore.prepare(this.#upsert).run(kind)
    })
    written?.(tracking.notificationId)
  }
}

/** The PostgreSQL view. */
export class PostgresBenchCounts extends PostgresTrackingRecorder implements BenchCounts {
  readonly counts = this.tableName('counts')
  readonly #upsert = upsertCountSql(this.counts, 'postgres')
  constructor(...args: ConstructorParameters<typeof PostgresTrackingRecorder>) {
    super(...args)
    // Queued on each new connection before anything else it runs. The bench runs this view on node-postgres.
    if (unsynced) {
      ;(this.datastore as PostgresDatastore).pool.on(
        'connect',
        (client) => void client.query('SET synchronous_commit = off').catch(() => {}),
      )
    }
  }
  /** A pooled connection's `synchronous_commit` setting. */
  async synchronous(): Promise<string> {
    const [row] = await this.query<{ synchronous_commit: string }>('SHOW synchronous_commit')
    return String(row?.synchronous_commit)
  }
  protected override tableSql() {
    return [...super.tableSql(), countsTableSql(this.counts, 'postgres')]
  }
  protected override tableColumns() {
    return { ...super.tableColumns(), [this.counts]: ['kind', 'n'] }
  }
  async count(kind: string, tracking: Tracking) {
    await this.write(tracking, (client) => client.query(this.#upsert, [kind]))
    written?.(tracking.notificationId)
  }
}

/** The view classes, one per store, as the runner takes them. */
export const BENCH_COUNTS_VIEWS = [SqliteBenchCounts, PostgresBenchCounts]

/** The projection: a Registered event counts a dog, a TrickAdded event counts its trick. */
export class BenchCountsProjection extends Projection<BenchCounts> {
  static override projectionName = PROJECTION_NAME

  @handles(Dog.Registered)
  async registered(_event: InstanceType<typeof Dog.Registered>, tracking: Tracking) {
    await this.view.count('dogs', tracking)
  }

  @handles(Dog.TrickAdded)
  async trickAdded(event: InstanceType<typeof Dog.TrickAdded>, tracking: Tracking) {
    await this.view.count(event.trick, tracking)
  }
}

/**
 * The counts the view must hold after the first `n` notifications of the log the part fills: dog after
 * dog, each one's Registered event followed by its TRICKS TrickAdded events (`trick-0` first).
 */
export function expectedCounts(n: number): Map<string, number> {
  const counts = new Map<string, number>()
  const perDog = 1 + TRICKS
  const whole = Math.floor(n / perDog)
  const rest = n % perDog
  counts.set('dogs', whole + (rest > 0 ? 1 : 0))
  for (let t = 0; t < TRICKS; t++) {
    const value = whole + (rest > 1 + t ? 1 : 0)
    if (value > 0) counts.set(`trick-${t}`, value)
  }
  if (counts.get('dogs') === 0) counts.delete('dogs')
  return counts
}

/** Throws unless a view's rows are the counts of the first `tracked` notifications, each tracked once. */
export function checkView(
  label: string,
  view: { counts: Map<string, number>; tracked: number; max: number },
  atLeast: number,
): void {
  const expected = expectedCounts(view.max)
  const same =
    expected.size === view.counts.size && [...expected].every(([kind, value]) => view.counts.get(kind) === value)
  if (view.max < atLeast || view.tracked !== view.max || !same) {
    throw new Error(
      `${label}: the view is wrong: tracked ${view.tracked} rows up to ${view.max} (expected at least ${atLeast}, ` +
        `one row each), counts ${JSON.stringify([...view.counts])}, expected ${JSON.stringify([...expected])}.`,
    )
  }
}
