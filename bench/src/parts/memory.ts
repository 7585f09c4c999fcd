/**
 * Part `memory`: the DogSchool workload on the default in-memory store, at N = 10,000 (five
 * repetitions) and N = 50,000 (three), after a warm-up; the medians are reported, and the ratio of the
 * two write rates shows whether the store stays flat as it grows.
 */
import { ourDogSchool } from '../dog-school.js'
import { absoluteTarget, collectGarbage, count, emitRow, median, size } from '../measure.js'
import { runDogSchool, type WorkloadResult } from '../workload.js'

const N = size(10_000, 1_000)
const BIG_N = size(50_000, 5_000)
const REPEATS = size(5, 1)
const BIG_REPEATS = size(3, 1)

async function repeat(n: number, times: number): Promise<WorkloadResult[]> {
  const results: WorkloadResult[] = []
  for (let i = 0; i < times; i++) {
    collectGarbage()
    results.push(await runDogSchool('ours (in memory)', n, () => ourDogSchool()))
  }
  return results
}

await runDogSchool('warm-up', size(2_000, 200), () => ourDogSchool())
const results = await repeat(N, REPEATS)
const big = await repeat(BIG_N, BIG_REPEATS)

const events = results.map((r) => r.eventsPerSecond)
const commands = results.map((r) => r.commandsPerSecond)
const rebuilds = results.map((r) => r.rebuildsPerSecond)
const bigEvents = big.map((r) => r.eventsPerSecond)
const part = 'memory'

emitRow({
  part,
  figure: `events written/s (N = ${count(N)})`,
  unit: '/s',
  better: 'higher',
  ours: median(events),
  runs: events,
  target: absoluteTarget(median(events), { min: 150_000 }, '/s'),
})
emitRow({
  part,
  figure: `events written/s (N = ${count(BIG_N)})`,
  unit: '/s',
  better: 'higher',
  ours: median(bigEvents),
  runs: bigEvents,
  baseline: { name: `ours at N = ${count(N)}`, value: median(events), runs: events },
  target: { text: '>= 0.8 x N = 10,000 (flat in N)', met: median(bigEvents) / median(events) >= 0.8 },
})
emitRow({
  part,
  figure: `commands/s, get-add-save (N = ${count(N)})`,
  unit: '/s',
  better: 'higher',
  ours: median(commands),
  runs: commands,
})
emitRow({
  part,
  figure: `aggregates rebuilt/s, 11 events each (N = ${count(N)})`,
  unit: '/s',
  better: 'higher',
  ours: median(rebuilds),
  runs: rebuilds,
  target: absoluteTarget(median(rebuilds), { min: 450_000 }, '/s'),
})
