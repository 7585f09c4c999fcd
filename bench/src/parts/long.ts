/**
 * Part `long`: rebuild one aggregate that has 10,000 events (a dog registered and then taught 9,999
 * tricks, stored in one save), in milliseconds (see `long-aggregate.ts`: a run is the mean of a batch of
 * rebuilds). In memory the target is 5 ms; on SQLite and PostgreSQL the raw driver runs the same SELECT
 * over the same rows, read as arrays as ours reads them, and folds them (decoding each row's JSON), side
 * by side with ours: after a warm-up of each, `--runs` runs a side (default 3), interleaved in ABBA order.
 * Medians of the runs, and the ratio of the medians with the range of the per-pair ratios.
 */
import { rmSync } from 'node:fs'
import { Dog, ourDogSchool } from '../dog-school.js'
import { benchFile } from '../files.js'
import { BATCH, EVENTS, MIN_RUN_MS, rebuildRun, storeLongDog, warmUp } from '../long-aggregate.js'
import {
  absoluteTarget,
  comparisonRow,
  count,
  emitRow,
  interleaved,
  median,
  PROFILING,
  profiled,
  RUNS,
  size,
} from '../measure.js'
import { BENCH_SCHEMA, dropBenchSchema, POSTGRES_ENV, RawPostgres, resetBenchSchema } from '../stores/raw-postgres.js'
import { RawSqlite } from '../stores/raw-sqlite.js'
import { foldDog } from '../stores/raw-state.js'

const part = 'long'
const ISSUE = 12
const figure = (store: string) => `${store}: rebuild one aggregate of ${count(EVENTS)} events`
const note = `each run is the mean of ${BATCH} or more rebuilds in a row, lasting at least ${MIN_RUN_MS} ms`

/** Profiles ours apart from the timed runs (when --profile asks), over enough rebuilds to sample well. */
async function profile(label: string, rebuild: () => Promise<unknown>): Promise<void> {
  if (PROFILING) {
    await profiled(`${label} long rebuild`, async () => {
      for (let i = 0; i < 50; i++) await rebuild()
    })
  }
}

// In memory: ours alone (ours against Emmett's in-memory store is part `emmett`).
{
  const { app } = ourDogSchool()
  const id = await storeLongDog(app)
  const rebuild = async () => (await app.repository.get(id, Dog)).tricks.length
  const [runs] = await interleaved([() => rebuildRun('ours (in memory)', rebuild)], {
    runs: Math.max(RUNS, size(5, 1)),
    warmUps: [warmUp('ours (in memory)', rebuild)],
  })
  await profile('ours (in memory)', rebuild)
  await app.close()
  emitRow({
    part,
    figure: figure('in memory'),
    unit: 'ms',
    better: 'lower',
    ours: median(runs!),
    runs: runs!,
    target: absoluteTarget(median(runs!), { max: 5 }, ' ms', 8, runs),
    note,
  })
}

// SQLite: ours and raw node:sqlite read the same rows of the same file.
{
  const file = benchFile('long.db')
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  const { app } = ourDogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: file } })
  const id = await storeLongDog(app)
  const raw = new RawSqlite(file, 'benchdogschool_events')
  const ours = async () => (await app.repository.get(id, Dog)).tricks.length
  const theirs = async () => foldDog(raw.select(id))!.tricks.length
  const [our, their] = await interleaved(
    [() => rebuildRun('ours (SQLite)', ours), () => rebuildRun('raw node:sqlite', theirs)],
    { warmUps: [warmUp('ours', ours), warmUp('raw', theirs)] },
  )
  await profile('ours (SQLite)', ours)
  raw.close()
  await app.close()
  emitRow(
    comparisonRow({
      part,
      figure: figure('SQLite'),
      unit: 'ms',
      better: 'lower',
      ours: our!,
      baseline: { name: 'raw node:sqlite', runs: their! },
      target: { ratio: 0.8, name: 'raw', issue: ISSUE },
      note,
    }),
  )
}

// PostgreSQL: ours and raw pg read the same rows of the same table.
{
  await resetBenchSchema()
  const { app } = ourDogSchool({ env: POSTGRES_ENV })
  const id = await storeLongDog(app)
  const raw = await new RawPostgres(`${BENCH_SCHEMA}.benchdogschool_events`).open()
  const ours = async () => (await app.repository.get(id, Dog)).tricks.length
  const theirs = async () => foldDog(await raw.select(id))!.tricks.length
  const [our, their] = await interleaved(
    [() => rebuildRun('ours (PostgreSQL)', ours), () => rebuildRun('raw pg', theirs)],
    { warmUps: [warmUp('ours', ours), warmUp('raw', theirs)] },
  )
  await profile('ours (PostgreSQL)', ours)
  await raw.close()
  await app.close()
  await dropBenchSchema()
  emitRow(
    comparisonRow({
      part,
      figure: figure('PostgreSQL'),
      unit: 'ms',
      better: 'lower',
      ours: our!,
      baseline: { name: 'raw pg', runs: their! },
      target: { ratio: 0.8, name: 'raw', issue: ISSUE },
      note,
    }),
  )
}
