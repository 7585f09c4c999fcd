/**
 * Part `postgres`: the DogSchool workload on our PostgreSQL store and on raw `pg` with the same
 * statements and transaction pattern, side by side on the same server. Every save is a transaction
 * that the server syncs to disk (about 1,000 a second here), so N is 1,000 here (11,000 write
 * transactions and 10,000 reads a side, 10 to 20 s each) rather than 10,000, to keep the whole run
 * within minutes. One repetition each, after a warm-up.
 */
import { ourDogSchool } from '../dog-school.js'
import { collectGarbage, count, emitRow, ratioTarget, size } from '../measure.js'
import { POSTGRES_ENV, rawPostgresDogStore, resetBenchSchema } from '../stores/raw-postgres.js'
import { runDogSchool } from '../workload.js'

const N = size(1_000, 200)

const ours = () => ourDogSchool({ env: POSTGRES_ENV })

await resetBenchSchema()
await runDogSchool('warm-up ours', size(200, 50), ours)
await runDogSchool('warm-up raw', size(200, 50), rawPostgresDogStore)
await resetBenchSchema()
collectGarbage()
const our = await runDogSchool('ours (PostgreSQL)', N, ours)
collectGarbage()
const theirs = await runDogSchool('raw pg', N, rawPostgresDogStore)
await resetBenchSchema()

const part = 'postgres'
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
    baseline: { name: 'raw pg', value: theirs[key] },
    target: ratioTarget(our[key], theirs[key], 'higher', 0.8, 'raw'),
  })
}
