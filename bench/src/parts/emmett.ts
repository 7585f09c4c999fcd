/**
 * Part `emmett`: ours against Emmett (`@event-driven-io/emmett` 0.42), a peer TypeScript event-sourcing
 * library, on the equivalent workload (a stream per dog; a command aggregates the stream and appends
 * with the version it read as the expected version). In memory: the DogSchool workload at N = 2,000
 * (alternating, three runs each) and at N = 10,000 (once each: Emmett's in-memory store counts every
 * stream's events on each append, so it slows as N grows), and the 10,000-event aggregate. PostgreSQL:
 * the DogSchool workload at N = 1,000 (as in part `postgres`) with `@event-driven-io/emmett-postgresql`. SQLite: see the note.
 */
import { getInMemoryEventStore, type Event } from '@event-driven-io/emmett'
import { Dog, ourDogSchool } from '../dog-school.js'
import { collectGarbage, count, emitRow, median, now, progress, ratioTarget, reason, size } from '../measure.js'
import { emmettInMemoryDogStore } from '../stores/emmett.js'
import { POSTGRES_ENV, resetBenchSchema } from '../stores/raw-postgres.js'
import { runDogSchool, type WorkloadResult } from '../workload.js'

const part = 'emmett'
const SMALL_N = size(2_000, 200)
const BIG_N = size(10_000, 500)
const PG_N = size(1_000, 100)
const REPEATS = size(3, 1)

const FIGURES = [
  ['events written/s', 'eventsPerSecond'],
  ['commands/s, get-add-save', 'commandsPerSecond'],
  ['aggregates rebuilt/s, 11 events each', 'rebuildsPerSecond'],
] as const

function emitWorkload(store: string, n: number, baseline: string, ours: WorkloadResult[], theirs: WorkloadResult[]) {
  for (const [figure, key] of FIGURES) {
    const our = ours.map((r) => r[key])
    const their = theirs.map((r) => r[key])
    emitRow({
      part,
      figure: `${store}: ${figure} (N = ${count(n)})`,
      unit: '/s',
      better: 'higher',
      ours: median(our),
      runs: our,
      baseline: { name: baseline, value: median(their), runs: their },
      target: ratioTarget(median(our), median(their), 'higher', 1, 'Emmett'),
    })
  }
}

// In memory, N = 2,000: alternating runs after a warm-up of each.
{
  await runDogSchool('warm-up ours', 500, () => ourDogSchool())
  await runDogSchool('warm-up Emmett', 500, emmettInMemoryDogStore)
  const ours: WorkloadResult[] = []
  const theirs: WorkloadResult[] = []
  for (let i = 0; i < REPEATS; i++) {
    collectGarbage()
    ours.push(await runDogSchool('ours (in memory)', SMALL_N, () => ourDogSchool()))
    collectGarbage()
    theirs.push(await runDogSchool('Emmett (in memory)', SMALL_N, emmettInMemoryDogStore))
  }
  emitWorkload('in memory', SMALL_N, 'Emmett in-memory', ours, theirs)
}

// In memory, N = 10,000: once each.
{
  collectGarbage()
  const ours = await runDogSchool('ours (in memory)', BIG_N, () => ourDogSchool())
  collectGarbage()
  const theirs = await runDogSchool('Emmett (in memory)', BIG_N, emmettInMemoryDogStore)
  emitWorkload('in memory', BIG_N, 'Emmett in-memory', [ours], [theirs])
}

// In memory, one aggregate of 10,000 events.
{
  const EVENTS = 10_000
  const { app } = ourDogSchool()
  const dog = new Dog({ name: 'Methuselah' })
  for (let t = 1; t < EVENTS; t++) dog.addTrick({ trick: `trick-${t}` })
  await app.save(dog)

  type DogEvent = Event<'DogRegistered', { name: string }> | Event<'TrickAdded', { trick: string }>
  const store = getInMemoryEventStore()
  const events: DogEvent[] = [{ type: 'DogRegistered', data: { name: 'Methuselah' } }]
  for (let t = 1; t < EVENTS; t++) events.push({ type: 'TrickAdded', data: { trick: `trick-${t}` } })
  await store.appendToStream('dog-methuselah', events)
  const evolve = (state: { name: string; tricks: string[] } | null, event: DogEvent) => {
    if (event.type === 'DogRegistered') return { name: event.data.name, tricks: [] }
    state!.tricks.push(event.data.trick)
    return state
  }

  const time = async (label: string, rebuild: () => Promise<number>) => {
    for (let i = 0; i < 5; i++) await rebuild()
    const runs: number[] = []
    for (let i = 0; i < size(15, 3); i++) {
      collectGarbage()
      const started = now()
      const tricks = await rebuild()
      runs.push(now() - started)
      if (tricks !== EVENTS - 1) throw new Error(`${label} rebuilt ${tricks} tricks.`)
    }
    progress(`${label}: median ${median(runs).toFixed(2)} ms`)
    return runs
  }
  const ours = await time('ours', async () => (await app.repository.get(dog.id, Dog)).tricks.length)
  const theirs = await time('Emmett', async () => {
    const { state } = await store.aggregateStream('dog-methuselah', { evolve, initialState: () => null })
    return state!.tricks.length
  })
  await app.close()
  emitRow({
    part,
    figure: `in memory: rebuild one aggregate of ${count(EVENTS)} events`,
    unit: 'ms',
    better: 'lower',
    ours: median(ours),
    runs: ours,
    baseline: { name: 'Emmett in-memory', value: median(theirs), runs: theirs },
    target: ratioTarget(median(ours), median(theirs), 'lower', 1, 'Emmett'),
  })
}

// PostgreSQL, N = 1,000: once each (each save is a synced transaction on both sides).
try {
  const { emmettPostgresDogStore, resetEmmettSchema } = await import('../stores/emmett-postgres.js')
  await resetBenchSchema()
  await resetEmmettSchema()
  await runDogSchool('warm-up ours', size(200, 50), () => ourDogSchool({ env: POSTGRES_ENV }))
  await runDogSchool('warm-up Emmett', size(200, 50), emmettPostgresDogStore)
  await resetBenchSchema()
  await resetEmmettSchema()
  collectGarbage()
  const ours = await runDogSchool('ours (PostgreSQL)', PG_N, () => ourDogSchool({ env: POSTGRES_ENV }))
  collectGarbage()
  const theirs = await runDogSchool('Emmett (PostgreSQL)', PG_N, emmettPostgresDogStore)
  await resetBenchSchema()
  await resetEmmettSchema()
  emitWorkload('PostgreSQL', PG_N, 'emmett-postgresql', [ours], [theirs])
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
