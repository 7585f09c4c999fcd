/**
 * Part `postgres`: the DogSchool workload on our PostgreSQL store and on raw `pg` with the same
 * statements and transaction pattern, side by side on the same server. Every save is a transaction
 * that the server syncs to disk (about 1,000 a second on a quiet machine, under 100 when other work holds
 * the disk), so N is 300 (3,300 write transactions and at least 300 reads a run, about 4 s when quiet),
 * to keep the part within a minute or two. After a warm-up of each,
 * `--runs` runs a side (default 3), interleaved in ABBA order, each on freshly created tables.
 */
import { ourDogSchool } from '../dog-school.js'
import { comparisonRow, count, emitRow, interleaved, size } from '../measure.js'
import { dropBenchSchema, POSTGRES_ENV, rawPostgresDogStore, resetBenchSchema } from '../stores/raw-postgres.js'
import { runDogSchool } from '../workload.js'

const N = size(300, 100)

const ours = () => ourDogSchool({ env: POSTGRES_ENV })
/** Runs the workload on empty tables: the benchmark's schema is dropped and created again first. */
const fresh = (label: string, n: number, open: Parameters<typeof runDogSchool>[2]) => async () => {
  await resetBenchSchema()
  return runDogSchool(label, n, open)
}

const [our, theirs] = await interleaved(
  [fresh('ours (PostgreSQL)', N, ours), fresh('raw pg', N, rawPostgresDogStore)],
  {
    warmUps: [fresh('warm-up ours', size(100, 50), ours), fresh('warm-up raw', size(100, 50), rawPostgresDogStore)],
  },
)
await dropBenchSchema()

const part = 'postgres'
const figures = [
  ['events written/s', 'eventsPerSecond', 8],
  ['commands/s, get-add-save', 'commandsPerSecond', 8],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond', 12],
] as const
for (const [figure, key, issue] of figures) {
  emitRow(
    comparisonRow({
      part,
      figure: `${figure} (N = ${count(N)})`,
      unit: '/s',
      better: 'higher',
      ours: our!.map((r) => r[key]),
      baseline: { name: 'raw pg', runs: theirs!.map((r) => r[key]) },
      target: { ratio: 0.8, name: 'raw', issue },
    }),
  )
}
