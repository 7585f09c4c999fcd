/**
 * Part `long`: rebuild one aggregate that has 10,000 events (a dog registered and then taught 9,999
 * tricks, stored in one save), in milliseconds. In memory the target is 5 ms; on SQLite and PostgreSQL
 * the raw driver runs the same SELECT over the same rows, read as arrays as ours reads them, and folds
 * them (decoding each row's JSON), side by side with ours. Medians of several rebuilds after warm-ups.
 */
import { rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import pg from 'pg'
import { Dog, ourDogSchool } from '../dog-school.js'
import { benchFile } from '../files.js'
import {
  absoluteTarget,
  collectGarbage,
  count,
  emitRow,
  median,
  now,
  PROFILING,
  profiled,
  progress,
  ratioTarget,
  size,
} from '../measure.js'
import { POSTGRES, POSTGRES_ENV, resetBenchSchema } from '../stores/raw-postgres.js'
import { foldDog, type EventRow } from '../stores/raw-state.js'
import { selectEventsSql as sqliteSelectSql } from '../../../lib/src/sqlite/schema.js'
import { selectEventsSql as postgresSelectSql } from '../../../lib/src/postgres/schema.js'

const EVENTS = 10_000
const WARM_UPS = size(20, 1)
const REPEATS = size(15, 3)
const part = 'long'

type App = ReturnType<typeof ourDogSchool>['app']

/** Stores one dog with EVENTS events in one save; returns its id. */
async function storeLongDog(app: App): Promise<string> {
  const dog = new Dog({ name: 'Methuselah' })
  for (let t = 1; t < EVENTS; t++) dog.addTrick({ trick: `trick-${t}` })
  await app.save(dog)
  return dog.id
}

/** Times `rebuild` (which must return the dog's trick count) after warm-ups; returns every run in ms. */
async function time(label: string, rebuild: () => Promise<number>): Promise<number[]> {
  for (let i = 0; i < WARM_UPS; i++) await rebuild()
  const runs: number[] = []
  for (let i = 0; i < REPEATS; i++) {
    collectGarbage()
    const started = now()
    const tricks = await rebuild()
    runs.push(now() - started)
    if (tricks !== EVENTS - 1) throw new Error(`${label}: rebuilt a dog with ${tricks} tricks, expected ${EVENTS - 1}.`)
  }
  // Profiled apart from the timed runs (when --profile asks), over enough rebuilds to sample well.
  if (PROFILING) {
    await profiled(`${label} long rebuild`, async () => {
      for (let i = 0; i < 50; i++) await rebuild()
    })
  }
  progress(`${label}: median ${median(runs).toFixed(2)} ms`)
  return runs
}

const figure = (store: string) => `${store}: rebuild one aggregate of ${count(EVENTS)} events`

// In memory.
{
  const { app } = ourDogSchool()
  const id = await storeLongDog(app)
  const runs = await time('ours (in memory)', async () => (await app.repository.get(id, Dog)).tricks.length)
  await app.close()
  emitRow({
    part,
    figure: figure('in memory'),
    unit: 'ms',
    better: 'lower',
    ours: median(runs),
    runs,
    target: absoluteTarget(median(runs), { max: 5 }, ' ms'),
  })
}

function emitSideBySide(store: string, baseline: string, ours: number[], raw: number[]): void {
  emitRow({
    part,
    figure: figure(store),
    unit: 'ms',
    better: 'lower',
    ours: median(ours),
    runs: ours,
    baseline: { name: baseline, value: median(raw), runs: raw },
    target: ratioTarget(median(ours), median(raw), 'lower', 0.8, 'raw'),
  })
}

// SQLite: ours and raw node:sqlite read the same rows.
{
  const file = benchFile('long.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  const { app } = ourDogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: file } })
  const id = await storeLongDog(app)
  const db = new DatabaseSync(file, { timeout: 5000 })
  db.exec('PRAGMA journal_mode = WAL')
  const select = db.prepare(sqliteSelectSql('benchdogschool_events', {}))
  select.setReturnArrays(true)
  const ours = await time('ours (SQLite)', async () => (await app.repository.get(id, Dog)).tricks.length)
  const raw = await time('raw node:sqlite', async () => foldDog(select.all(id) as unknown as EventRow[])!.tricks.length)
  db.close()
  await app.close()
  emitSideBySide('SQLite', 'raw node:sqlite', ours, raw)
}

// PostgreSQL: ours and raw pg read the same rows.
{
  await resetBenchSchema()
  const { app } = ourDogSchool({ env: POSTGRES_ENV })
  const id = await storeLongDog(app)
  const client = new pg.Client(POSTGRES)
  await client.connect()
  const sql = postgresSelectSql('bench.benchdogschool_events', {})
  const ours = await time('ours (PostgreSQL)', async () => (await app.repository.get(id, Dog)).tricks.length)
  const raw = await time(
    'raw pg',
    async () => foldDog((await client.query({ text: sql, values: [id], rowMode: 'array' })).rows)!.tricks.length,
  )
  await client.end()
  await app.close()
  await resetBenchSchema()
  emitSideBySide('PostgreSQL', 'raw pg', ours, raw)
}
