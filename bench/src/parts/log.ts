/**
 * Part `log`: read an application's whole notification log in pages of 100, as a follower does
 * (each page starts after the last id seen). The log holds the DogSchool's events for 10,000 dogs
 * (110,000 notifications), written quickly in batches: only the reading is timed. On SQLite and
 * PostgreSQL the raw driver runs the very same SELECT, page by page, over the very same table, reads the
 * rows as arrays and makes each a notification object with the same fields, as ours does. After a
 * warm-up of each side, `--runs` runs a side (default 3), interleaved in ABBA order.
 */
import { rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import pg from 'pg'
import { Dog, ourDogSchool } from '../dog-school.js'
import { benchFile } from '../files.js'
import {
  comparisonRow,
  count,
  emitRow,
  interleaved,
  median,
  now,
  PROFILING,
  profiled,
  progress,
  size,
} from '../measure.js'
import { BENCH_SCHEMA, dropBenchSchema, POSTGRES, POSTGRES_ENV, resetBenchSchema } from '../stores/raw-postgres.js'
import { TRICKS } from '../workload.js'
import { selectNotificationsSql as sqliteSelectSql } from '../../../lib/src/sqlite/schema.js'
import { selectNotificationsSql as postgresSelectSql } from '../../../lib/src/postgres-core/schema.js'

const DOGS = size(10_000, 500)
const NOTIFICATIONS = DOGS * (1 + TRICKS)
const PAGE = 100
const part = 'log'

type App = ReturnType<typeof ourDogSchool>['app']

/** Stores DOGS dogs with all their tricks, 100 dogs per save. */
async function fill(app: App): Promise<void> {
  const started = now()
  for (let first = 0; first < DOGS; first += 100) {
    const dogs: Dog[] = []
    for (let i = first; i < Math.min(first + 100, DOGS); i++) {
      const dog = new Dog({ name: `dog-${i}` })
      for (let t = 0; t < TRICKS; t++) dog.addTrick({ trick: `trick-${t}` })
      dogs.push(dog)
    }
    await app.save(...dogs)
  }
  progress(`stored ${count(NOTIFICATIONS)} notifications in ${((now() - started) / 1000).toFixed(1)} s`)
}

/** Reads every page with `select(start)` and returns notifications per second. */
async function pageThrough(label: string, select: (start: number) => Promise<{ id: number }[]>): Promise<number> {
  const started = now()
  let read = 0
  for (let start = 1; ;) {
    const page = await select(start)
    if (page.length === 0) break
    read += page.length
    start = page[page.length - 1]!.id + 1
  }
  const seconds = (now() - started) / 1000
  if (read !== NOTIFICATIONS) throw new Error(`${label}: read ${read} notifications, expected ${NOTIFICATIONS}.`)
  progress(`${label}: ${Math.round(read / seconds)} notifications/s`)
  return read / seconds
}

/** Runs ours and the baseline interleaved, after one warm-up of each. */
async function sideBySide(
  store: string,
  ours: () => Promise<number>,
  raw: () => Promise<number>,
): Promise<{ ours: number[]; raw: number[] }> {
  const [our, their] = await interleaved([ours, raw], { warmUps: [ours, raw] })
  if (PROFILING) await profiled(`ours ${store} log`, ours)
  return { ours: our!, raw: their! }
}

function emitSideBySide(store: string, baseline: string, runs: { ours: number[]; raw: number[] }): void {
  emitRow(
    comparisonRow({
      part,
      figure: `${store}: notifications read/s, pages of ${PAGE} (${count(NOTIFICATIONS)})`,
      unit: '/s',
      better: 'higher',
      ours: runs.ours,
      baseline: { name: baseline, runs: runs.raw },
      target: { ratio: 0.8, name: 'raw', issue: 8 },
    }),
  )
}

// In memory: no driver to compare with.
{
  const { app } = ourDogSchool()
  await fill(app)
  const select = (start: number) => app.notificationLog.select({ start, limit: PAGE })
  const [runs] = await interleaved([() => pageThrough('ours (in memory)', select)], {
    warmUps: [() => pageThrough('warm-up', select)],
  })
  if (PROFILING) await profiled('ours in memory log', () => pageThrough('profiled', select))
  await app.close()
  emitRow({
    part,
    figure: `in memory: notifications read/s, pages of ${PAGE} (${count(NOTIFICATIONS)})`,
    unit: '/s',
    better: 'higher',
    ours: median(runs!),
    runs: runs!,
  })
}

// SQLite: ours and raw node:sqlite read the same file.
{
  const file = benchFile('log.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  const { app } = ourDogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: file } })
  await fill(app)
  const db = new DatabaseSync(file, { timeout: 5000 })
  db.exec('PRAGMA journal_mode = WAL')
  const statement = db.prepare(sqliteSelectSql('benchdogschool_events', { start: 1, limit: PAGE }))
  statement.setReturnArrays(true)
  const runs = await sideBySide(
    'SQLite',
    () => pageThrough('ours (SQLite)', (start) => app.notificationLog.select({ start, limit: PAGE })),
    () =>
      pageThrough('raw node:sqlite', async (start) =>
        (statement.all(start, PAGE) as unknown as unknown[][]).map(([id, originatorId, version, topic, state]) => ({
          id: id as number,
          originatorId: originatorId as string,
          originatorVersion: version as number,
          topic: topic as string,
          state: state as Uint8Array,
        })),
      ),
  )
  db.close()
  await app.close()
  emitSideBySide('SQLite', 'raw node:sqlite', runs)
}

// PostgreSQL: ours and raw pg read the same table.
{
  await resetBenchSchema()
  const { app } = ourDogSchool({ env: POSTGRES_ENV })
  await fill(app)
  const client = new pg.Client(POSTGRES)
  await client.connect()
  const sql = postgresSelectSql(`${BENCH_SCHEMA}.benchdogschool_events`, { start: 1, limit: PAGE })
  const runs = await sideBySide(
    'PostgreSQL',
    () => pageThrough('ours (PostgreSQL)', (start) => app.notificationLog.select({ start, limit: PAGE })),
    () =>
      pageThrough('raw pg', async (start) =>
        (await client.query({ text: sql, values: [start, PAGE], rowMode: 'array' })).rows.map(
          ([id, originatorId, version, topic, state]) => ({
            id: Number(id),
            originatorId: originatorId as string,
            originatorVersion: Number(version),
            topic: topic as string,
            state: state as Uint8Array,
          }),
        ),
      ),
  )
  await client.end()
  await app.close()
  await dropBenchSchema()
  emitSideBySide('PostgreSQL', 'raw pg', runs)
}
