/**
 * Part `emmett`: ours against Emmett (`@event-driven-io/emmett` 0.42), a peer TypeScript event-sourcing
 * library, on the equivalent workload (a stream per dog; a command aggregates the stream and appends
 * with the version it read as the expected version). In memory: the DogSchool workload at N = 2,000 and
 * at N = 10,000 (Emmett's in-memory store counts every stream's events on each append, so it slows as N
 * grows), and the 10,000-event aggregate. PostgreSQL: the DogSchool workload at N = 300 (as in part
 * `postgres`) with `@event-driven-io/emmett-postgresql`. Each comparison runs a warm-up of each side, then
 * `--runs` runs a side (default 3), interleaved in ABBA order. SQLite: see the note.
 */
import { getInMemoryEventStore } from '@event-driven-io/emmett'
import { Dog, ourDogSchool } from '../dog-school.js'
import { BATCH, EVENTS, MIN_RUN_MS, rebuildRun, storeLongDog, warmUp } from '../long-aggregate.js'
import { comparisonRow, count, emitRow, interleaved, reason, size } from '../measure.js'
import { emmettInMemoryDogStore, evolve, initialState, type DogEvent } from '../stores/emmett.js'
import { dropBenchSchema, POSTGRES_ENV, resetBenchSchema } from '../stores/raw-postgres.js'
import { runDogSchool, type WorkloadResult } from '../workload.js'

const part = 'emmett'
const SMALL_N = size(2_000, 200)
const BIG_N = size(10_000, 500)
const PG_N = size(300, 100)

/** The workload's figures, each with its target relative to Emmett and the issue that set it. */
const IN_MEMORY_FIGURES = [
  ['events written/s', 'eventsPerSecond', 5, 12],
  ['commands/s, get-add-save', 'commandsPerSecond', 1, 8],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond', 1.2, 12],
] as const
const POSTGRES_FIGURES = [
  ['events written/s', 'eventsPerSecond', 1, 8],
  ['commands/s, get-add-save', 'commandsPerSecond', 1, 8],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond', 1, 8],
] as const

function emitWorkload(
  store: string,
  n: number,
  baseline: string,
  figures: typeof IN_MEMORY_FIGURES | typeof POSTGRES_FIGURES,
  ours: WorkloadResult[],
  theirs: WorkloadResult[],
) {
  for (const [figure, key, ratio, issue] of figures) {
    emitRow(
      comparisonRow({
        part,
        figure: `${store}: ${figure} (N = ${count(n)})`,
        unit: '/s',
        better: 'higher',
        ours: ours.map((r) => r[key]),
        baseline: { name: baseline, runs: theirs.map((r) => r[key]) },
        target: { ratio, name: 'Emmett', issue },
      }),
    )
  }
}

// In memory, N = 2,000 and N = 10,000.
for (const n of [SMALL_N, BIG_N]) {
  const [ours, theirs] = await interleaved(
    [
      () => runDogSchool('ours (in memory)', n, () => ourDogSchool()),
      () => runDogSchool('Emmett (in memory)', n, emmettInMemoryDogStore),
    ],
    {
      warmUps: [
        () => runDogSchool('warm-up ours', size(500, 100), () => ourDogSchool()),
        () => runDogSchool('warm-up Emmett', size(500, 100), emmettInMemoryDogStore),
      ],
    },
  )
  emitWorkload('in memory', n, 'Emmett in-memory', IN_MEMORY_FIGURES, ours!, theirs!)
}

// In memory, one aggregate of 10,000 events: ours saved in one save, Emmett's appended in one append,
// with the same data as the workload's events (Emmett's carry the ISO timestamp ours carries).
{
  const { app } = ourDogSchool()
  const id = await storeLongDog(app)
  const store = getInMemoryEventStore()
  const events: DogEvent[] = [
    { type: 'DogRegistered', data: { name: 'Methuselah', registeredOn: new Date().toISOString() } },
  ]
  for (let t = 1; t < EVENTS; t++) {
    events.push({ type: 'TrickAdded', data: { trick: `trick-${t}`, addedOn: new Date().toISOString() } })
  }
  await store.appendToStream('dog-methuselah', events)
  const ours = async () => (await app.repository.get(id, Dog)).tricks.length
  const theirs = async () => {
    const { state } = await store.aggregateStream('dog-methuselah', { evolve, initialState })
    return state!.tricks.length
  }
  const [our, their] = await interleaved(
    [() => rebuildRun('ours (in memory)', ours), () => rebuildRun('Emmett (in memory)', theirs)],
    { warmUps: [warmUp('ours', ours), warmUp('Emmett', theirs)] },
  )
  await app.close()
  emitRow(
    comparisonRow({
      part,
      figure: `in memory: rebuild one aggregate of ${count(EVENTS)} events`,
      unit: 'ms',
      better: 'lower',
      ours: our!,
      baseline: { name: 'Emmett in-memory', runs: their! },
      target: { ratio: 1, name: 'Emmett', issue: 12 },
      note: `each run is the mean of ${BATCH} or more rebuilds in a row, lasting at least ${MIN_RUN_MS} ms`,
    }),
  )
}

// PostgreSQL, N = 300: each run on empty tables (each save is a synced transaction on both sides).
try {
  const { dropEmmettSchema, emmettPostgresDogStore, resetEmmettSchema } = await import('../stores/emmett-postgres.js')
  const fresh = (label: string, n: number, open: Parameters<typeof runDogSchool>[2]) => async () => {
    await resetBenchSchema()
    await resetEmmettSchema()
    return runDogSchool(label, n, open)
  }
  const ours = () => ourDogSchool({ env: POSTGRES_ENV })
  const [our, theirs] = await interleaved(
    [fresh('ours (PostgreSQL)', PG_N, ours), fresh('Emmett (PostgreSQL)', PG_N, emmettPostgresDogStore)],
    {
      warmUps: [
        fresh('warm-up ours', size(100, 50), ours),
        fresh('warm-up Emmett', size(100, 50), emmettPostgresDogStore),
      ],
    },
  )
  await dropBenchSchema()
  await dropEmmettSchema()
  emitWorkload('PostgreSQL', PG_N, 'emmett-postgresql', POSTGRES_FIGURES, our!, theirs!)
} catch (error) {
  emitRow({
    part,
    figure: 'PostgreSQL: DogSchool workload',
    unit: '/s',
    better: 'higher',
    ours: null,
    note: `Emmett on PostgreSQL did not run: ${reason(error)}`,
  })
}

emitRow({
  part,
  figure: 'SQLite: DogSchool workload',
  unit: '/s',
  better: 'higher',
  ours: null,
  note:
    'not run: @event-driven-io/emmett-sqlite 0.42.4 needs @event-driven-io/emmett 0.42.4, which the npm ' +
    'registry here lacks (latest 0.42.0); its only other version, 0.38.5, needs emmett 0.38.5',
})
