/**
 * Part `pglite`: the DogSchool workload on PGlite (PostgreSQL compiled to WebAssembly, in this process, in
 * memory), side by side with the in-memory store and with our SQLite store (a file, write-ahead log), in one run,
 * interleaved (`--runs`, default 3, after a warm-up of each) at N = 1,000. Each side opens a fresh database before
 * the clock starts: PGlite's start-up (seconds) is its own figure, below, not part of the workload's.
 */
import { rmSync } from 'node:fs'
import { ourDogSchool } from '../dog-school.js'
import { comparisonRow, count, emitRow, interleaved, median, now, size } from '../measure.js'
import { runDogSchool } from '../workload.js'
import { benchFile } from '../files.js'

const N = size(1_000, 100)
let databases = 0
const startUps: number[] = []

/** A DogSchool on a fresh PGlite database, opened (PostgreSQL started, tables made) before it is returned. */
async function pglite() {
  const store = ourDogSchool({
    env: { PERSISTENCE_MODULE: 'eventsourcing/pglite', PGLITE_DATA_DIR: `memory://bench-${++databases}` },
  })
  const started = now()
  await store.app.notificationLog.maxNotificationId()
  startUps.push(now() - started)
  return store
}

function sqlite(name: string) {
  const file = benchFile(name)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  return ourDogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: file } })
}

const [onPglite, inMemory, onSqlite] = await interleaved(
  [
    () => runDogSchool('PGlite', N, pglite),
    () => runDogSchool('in memory', N, () => ourDogSchool()),
    () => runDogSchool('SQLite', N, () => sqlite('pglite-part.db')),
  ],
  {
    warmUps: [
      () => runDogSchool('warm-up PGlite', size(100, 20), pglite),
      () => runDogSchool('warm-up in memory', size(100, 20), () => ourDogSchool()),
      () => runDogSchool('warm-up SQLite', size(100, 20), () => sqlite('pglite-part-warm.db')),
    ],
  },
)

const part = 'pglite'
const figures = [
  ['events written/s', 'eventsPerSecond'],
  ['commands/s, get-add-save', 'commandsPerSecond'],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond'],
] as const
for (const [baselineName, baseline] of [
  ['in memory', inMemory!],
  ['SQLite (file)', onSqlite!],
] as const) {
  for (const [figure, key] of figures) {
    emitRow(
      comparisonRow({
        part,
        figure: `${figure} on PGlite (N = ${count(N)})`,
        unit: '/s',
        better: 'higher',
        ours: onPglite!.map((r) => r[key]),
        baseline: { name: baselineName, runs: baseline.map((r) => r[key]) },
      }),
    )
  }
}
emitRow({
  part,
  figure: 'PGlite start-up in Node, in memory (first query of a fresh database)',
  unit: 'ms',
  better: 'lower',
  ours: median(startUps),
  runs: startUps,
  note: 'the warm-up run included',
})
