/**
 * Part `sqlite`: the DogSchool workload on our SQLite store (a file, write-ahead log) and on raw
 * `node:sqlite` with the same statements, settings and transaction pattern, side by side. Each save
 * commits (and so syncs the log) on its own, so both sides are bound by the disk; the ratio shows what
 * our library adds. One repetition each at N = 10,000 (about half a minute a side), after a warm-up.
 */
import { rmSync } from 'node:fs'
import { ourDogSchool } from '../dog-school.js'
import { collectGarbage, count, emitRow, ratioTarget, size } from '../measure.js'
import { rawSqliteDogStore } from '../stores/raw-sqlite.js'
import { runDogSchool, type WorkloadResult } from '../workload.js'
import { benchFile } from '../files.js'

const N = size(10_000, 500)

function freshFile(name: string): string {
  const file = benchFile(name)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  return file
}

const ours = (name: string) => () =>
  ourDogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: freshFile(name) } })
const raw = (name: string) => () => rawSqliteDogStore(freshFile(name))

await runDogSchool('warm-up ours', size(500, 100), ours('warm-ours.db'))
await runDogSchool('warm-up raw', size(500, 100), raw('warm-raw.db'))
collectGarbage()
const our: WorkloadResult = await runDogSchool('ours (SQLite)', N, ours('ours.db'))
collectGarbage()
const theirs: WorkloadResult = await runDogSchool('raw node:sqlite', N, raw('raw.db'))

const part = 'sqlite'
const name = 'raw node:sqlite'
const figures = [
  ['events written/s', 'eventsPerSecond'],
  ['commands/s, get-add-save', 'commandsPerSecond'],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond'],
] as const
for (const [figure, key] of figures) {
  emitRow({
    part,
    figure: `${figure} (N = ${count(N)})`,
    unit: '/s',
    better: 'higher',
    ours: our[key],
    baseline: { name, value: theirs[key] },
    target: ratioTarget(our[key], theirs[key], 'higher', 0.8, 'raw'),
  })
}
