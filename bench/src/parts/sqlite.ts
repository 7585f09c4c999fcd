/**
 * Part `sqlite`: the DogSchool workload on our SQLite store (a file, write-ahead log) and on raw
 * `node:sqlite` with the same statements, settings and transaction pattern, side by side. Each save
 * commits (and so syncs the log) on its own, so both sides are bound by the disk; the ratio shows what
 * our library adds. After a warm-up of each, `--runs` runs a side (default 3), interleaved in ABBA order,
 * each in a fresh file, at N = 1,000 (about 4 s a run on a quiet disk: the disk is shared, and its
 * speed drifts, which the interleaving spreads over both sides).
 */
import { rmSync } from 'node:fs'
import { ourDogSchool } from '../dog-school.js'
import { comparisonRow, count, emitRow, interleaved, size } from '../measure.js'
import { rawSqliteDogStore } from '../stores/raw-sqlite.js'
import { runDogSchool } from '../workload.js'
import { benchFile } from '../files.js'

const N = size(1_000, 200)

function freshFile(name: string): string {
  const file = benchFile(name)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  return file
}

const ours = (name: string) => () =>
  ourDogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: freshFile(name) } })
const raw = (name: string) => () => rawSqliteDogStore(freshFile(name))

const [our, theirs] = await interleaved(
  [() => runDogSchool('ours (SQLite)', N, ours('ours.db')), () => runDogSchool('raw node:sqlite', N, raw('raw.db'))],
  {
    warmUps: [
      () => runDogSchool('warm-up ours', size(200, 50), ours('warm-ours.db')),
      () => runDogSchool('warm-up raw', size(200, 50), raw('warm-raw.db')),
    ],
  },
)

const part = 'sqlite'
const figures = [
  ['events written/s', 'eventsPerSecond', 8],
  ['commands/s, get-add-save', 'commandsPerSecond', 8],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond', 8],
] as const
for (const [figure, key, issue] of figures) {
  emitRow(
    comparisonRow({
      part,
      figure: `${figure} (N = ${count(N)})`,
      unit: '/s',
      better: 'higher',
      ours: our!.map((r) => r[key]),
      baseline: { name: 'raw node:sqlite', runs: theirs!.map((r) => r[key]) },
      target: { ratio: 0.8, name: 'raw', issue },
    }),
  )
}
