/**
 * Part `memory`: the DogSchool workload on the default in-memory store, at N = 10,000 and N = 50,000,
 * interleaved (`--runs` of each, default 3, in ABBA order) after a warm-up; the medians are reported, and
 * the ratio of the two write rates (the ratio of the medians, with the range of the per-pair ratios)
 * shows whether the store stays flat as it grows. Ours against Emmett's in-memory store is part `emmett`.
 */
import { ourDogSchool } from '../dog-school.js'
import { absoluteTarget, comparisonRow, count, emitRow, interleaved, median, size } from '../measure.js'
import { runDogSchool } from '../workload.js'

const N = size(10_000, 1_000)
const BIG_N = size(50_000, 5_000)
const ISSUE = 8

const [results, big] = await interleaved(
  [
    () => runDogSchool('ours (in memory)', N, () => ourDogSchool()),
    () => runDogSchool('ours (in memory)', BIG_N, () => ourDogSchool()),
  ],
  { warmUps: [() => runDogSchool('warm-up', size(2_000, 200), () => ourDogSchool())] },
)

const events = results!.map((r) => r.eventsPerSecond)
const commands = results!.map((r) => r.commandsPerSecond)
const rebuilds = results!.map((r) => r.rebuildsPerSecond)
const bigEvents = big!.map((r) => r.eventsPerSecond)
const part = 'memory'

emitRow({
  part,
  figure: `events written/s (N = ${count(N)})`,
  unit: '/s',
  better: 'higher',
  ours: median(events),
  runs: events,
  target: absoluteTarget(median(events), { min: 150_000 }, '/s', ISSUE, events),
})
emitRow(
  comparisonRow({
    part,
    figure: `events written/s (N = ${count(BIG_N)})`,
    unit: '/s',
    better: 'higher',
    ours: bigEvents,
    baseline: { name: `ours at N = ${count(N)}`, runs: events },
    target: { ratio: 0.8, name: `N = ${count(N)} (flat in N)`, issue: ISSUE },
  }),
)
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
  target: absoluteTarget(median(rebuilds), { min: 450_000 }, '/s', ISSUE, rebuilds),
})
