/**
 * Part `system`: the tutorial's Part 4 system, DogSchool → Counters, where each TrickAdded event of the
 * DogSchool increments the Counter of that trick, exactly once, in the follower's own store. The DogSchool
 * workload (register N dogs, teach each 10 tricks, every save awaited) runs on the leader; the figure is
 * how many TrickAdded events the follower processes per second, from the first trick's command to the last
 * one processed. The baseline, in the same process, is the leader alone: the same workload on the same
 * store without a follower, as TrickAdded events written per second while teaching.
 *
 * Runs: the single-threaded runner (a save resolves once the follower has processed it) in memory and on
 * SQLite (one file per application, write-ahead log); the concurrent runner (the follower processes while
 * the leader goes on) in memory and on PostgreSQL, where the time from each save() resolving to the
 * follower having recorded that notification is also measured, event by event, and then again for a few more
 * tricks saved one at a time (each once the one before was processed), which is the lag with no queue.
 *
 * The tutorial's Counters rebuild a Counter from all its events for each increment, and each of the 10
 * Counters here reaches N events, which would make the follower's work grow with N squared; the Counters
 * below therefore snapshot each Counter every 10 events (the library's `snapshottingIntervals`), so that
 * a Counter is read from a snapshot and at most 9 events, as a Dog is read from at most 11.
 */
import { rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { Aggregate, event, NAMESPACE_URL, uuid5, type DomainEvent } from 'eventsourcing/domain'
import { AggregateNotFoundError, observeApplications } from 'eventsourcing/application'
import type { EnvironmentValues, Recording } from 'eventsourcing/persistence'
import {
  ConcurrentRunner,
  policy,
  ProcessApplication,
  SingleThreadedRunner,
  System,
  type ProcessingEvent,
  type Runner,
} from 'eventsourcing/system'
import { Dog, DogSchool } from '../dog-school.js'
import { benchFile } from '../files.js'
import {
  comparisonRow,
  count,
  emitRow,
  interleaved,
  median,
  now,
  profiled,
  progress,
  reason,
  size,
} from '../measure.js'
import { dropBenchSchema, POSTGRES_ENV, resetBenchSchema } from '../stores/raw-postgres.js'
import { TRICKS } from '../workload.js'

const part = 'system'
const N = size(4_000, 500)
const SQLITE_N = size(200, 100)
const PG_N = size(200, 50)
/** Each Counter is snapshotted every this many increments (see the module's comment). */
const SNAPSHOT_INTERVAL = 10
/** The downstream rate's target, relative to the leader alone (in memory and on SQLite). */
const TARGET = 0.5
/** With the concurrent runner, this many more tricks are saved one at a time, to time the follower with no queue. */
const PACED = size(100, 20)

/** The time (ms, monotonic) each notification of the DogSchool was saved, and processed by the Counters. */
let savedAt: number[] = []
let processedAt: number[] = []

/** The DogSchool of the other parts, noting when each save() resolved, by notification id. */
class BenchDogSchool extends DogSchool {
  static override applicationName = 'DogSchool'
  override async save(...objects: (Aggregate | DomainEvent | null | undefined)[]): Promise<Recording[]> {
    const recordings = await super.save(...objects)
    const at = now()
    for (const { notificationId } of recordings) savedAt[notificationId] = at
    return recordings
  }
}

class Counter extends Aggregate {
  name: string
  count = 0
  constructor(name: string) {
    super()
    this.name = name
  }
  static override createId({ name }: { name: string }) {
    return uuid5(NAMESPACE_URL, `/counters/${name}`)
  }
  @event('Incremented')
  increment() {
    this.count += 1
  }
}

/** The tutorial's Counters (Part 4), with snapshots every SNAPSHOT_INTERVAL events. */
class Counters extends ProcessApplication {
  static override snapshottingIntervals = new Map([[Counter, SNAPSHOT_INTERVAL]])
  /** The DogSchool notification being processed, for the timing observer below. */
  processing = 0

  @policy(Dog.TrickAdded)
  async countTrick(domainEvent: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
    this.processing = processing.tracking!.notificationId
    const counter = await this.#counter(domainEvent.trick)
    counter.increment()
    processing.collectEvents(counter)
  }

  async getCount(trick: string): Promise<number> {
    try {
      return (await this.repository.get(Counter.createId({ name: trick }), Counter)).count
    } catch (error) {
      if (error instanceof AggregateNotFoundError) return 0
      throw error
    }
  }

  async #counter(trick: string): Promise<Counter> {
    try {
      return await this.repository.get(Counter.createId({ name: trick }), Counter)
    } catch (error) {
      if (error instanceof AggregateNotFoundError) return new Counter(trick)
      throw error
    }
  }
}

// The Counters' write of a notification's effects and position is the moment the follower's position
// reaches it: the observer is told right after that write (before any snapshot is written).
observeApplications({
  stored(application) {
    if (application instanceof Counters) processedAt[application.processing] = now()
  },
})

/** One run of the workload: the leader alone, or the system under a runner. */
interface Setup {
  school: BenchDogSchool
  runner?: Runner
}

interface Result {
  /** TrickAdded events the leader saved per second while teaching. */
  leader: number
  /** TrickAdded events the follower processed per second, from the start of teaching to the last processed. */
  downstream: number | null
  /** Per TrickAdded event, ms from its save() resolving to the follower's position reaching it (concurrent runner). */
  lags: number[]
  /** The same for PACED more tricks after the run, each saved once the follower has processed the one before. */
  pacedLags: number[]
}

async function leaderAlone(env: EnvironmentValues): Promise<Setup> {
  return { school: new BenchDogSchool({ env }) }
}

function withRunner(RunnerClass: typeof SingleThreadedRunner | typeof ConcurrentRunner, env: EnvironmentValues) {
  return async (): Promise<Setup> => {
    const runner = new RunnerClass(new System({ pipes: [[BenchDogSchool, Counters]] }), { env })
    await runner.start()
    return { school: runner.get(BenchDogSchool), runner }
  }
}

/** Runs the DogSchool workload's writes on a fresh setup, waits for the follower, checks the counts. */
async function run(label: string, n: number, open: () => Promise<Setup>): Promise<Result> {
  savedAt = []
  processedAt = []
  const { school, runner } = await open()
  try {
    const ids: string[] = new Array(n)
    await profiled(`${label} register`, async () => {
      for (let i = 0; i < n; i++) ids[i] = await school.registerDog(`dog-${i}`)
    })
    const firstTrick = savedAt.length
    const start = now()
    let taught = 0
    await profiled(`${label} teach`, async () => {
      for (let t = 0; t < TRICKS; t++) {
        const trick = `trick-${t}`
        for (let i = 0; i < n; i++) await school.addTrick(ids[i]!, trick)
      }
      taught = now()
      const last = savedAt.length - 1
      // The concurrent runner's follower may still be behind: wait for it without querying the stores.
      while (runner !== undefined && processedAt[last] === undefined) {
        if (runner.errors.length > 0) throw runner.errors[0]
        await sleep(1)
      }
    })
    const last = savedAt.length - 1
    if (last - firstTrick + 1 !== n * TRICKS) throw new Error(`${label}: ${last - firstTrick + 1} tricks saved.`)
    const result: Result = {
      leader: (n * TRICKS) / ((taught - start) / 1000),
      downstream: null,
      lags: [],
      pacedLags: [],
    }
    if (runner !== undefined) {
      if (runner instanceof ConcurrentRunner) await runner.waitForFollowers()
      const counters = runner.get(Counters)
      for (let t = 0; t < TRICKS; t++) {
        const counted = await counters.getCount(`trick-${t}`)
        if (counted !== n) throw new Error(`${label}: trick-${t} counted ${counted} times, expected ${n}.`)
      }
      result.downstream = (n * TRICKS) / ((processedAt[last]! - start) / 1000)
      if (runner instanceof ConcurrentRunner) {
        for (let id = firstTrick; id <= last; id++) result.lags.push(processedAt[id]! - savedAt[id]!)
        // With no queue: one trick at a time, each once the follower has processed the one before.
        for (let k = 0; k < PACED; k++) {
          await school.addTrick(ids[k % n]!, `trick-${k % TRICKS}`)
          const id = savedAt.length - 1
          while (processedAt[id] === undefined) {
            if (runner.errors.length > 0) throw runner.errors[0]
            await sleep(1)
          }
          result.pacedLags.push(processedAt[id]! - savedAt[id]!)
        }
      }
    }
    const lag =
      result.lags.length > 0
        ? `, save to processed ${median(result.lags).toFixed(2)} ms median, ${percentile(result.lags, 0.99).toFixed(2)} ms ` +
          `p99; one at a time ${median(result.pacedLags).toFixed(2)} ms median, ` +
          `${percentile(result.pacedLags, 0.99).toFixed(2)} ms p99`
        : ''
    progress(
      `${label} N=${n}: leader ${Math.round(result.leader)} tricks saved/s` +
        (result.downstream === null ? '' : `, ${Math.round(result.downstream)} processed downstream/s${lag}`),
    )
    return result
  } finally {
    if (runner !== undefined) await runner.stop()
    else await school.close()
  }
}

/** The value below which the given fraction of the values lie (nearest rank). */
function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!
}

function freshFile(name: string): string {
  const file = benchFile(name)
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  return file
}

function sqliteEnv(name: string): EnvironmentValues {
  return {
    PERSISTENCE_MODULE: 'eventsourcing/sqlite',
    DOGSCHOOL_SQLITE_DBNAME: freshFile(`system-${name}-dogschool.db`),
    COUNTERS_SQLITE_DBNAME: freshFile(`system-${name}-counters.db`),
  }
}

function emitDownstream(figure: string, n: number, ours: Result[], alone: Result[], target: boolean, note?: string) {
  emitRow(
    comparisonRow({
      part,
      figure: `${figure}: events processed downstream/s (N = ${count(n)})`,
      unit: '/s',
      better: 'higher',
      ours: ours.map((r) => r.downstream!),
      baseline: { name: 'leader alone', runs: alone.map((r) => r.leader) },
      ...(target ? { target: { ratio: TARGET, name: 'leader alone', issue: 8 } } : {}),
      ...(note === undefined ? {} : { note }),
    }),
  )
}

const leaderWithFollower = (results: Result[]) =>
  `the leader saved ${count(Math.round(median(results.map((r) => r.leader))))} tricks/s with the follower running`

/** Whether the follower kept up with the leader, which decides whether the lag is latency or queueing. */
function queueing({ leader, downstream }: Result): string {
  return downstream! < 0.95 * leader
    ? `the follower processed ${count(Math.round(downstream!))}/s while the leader saved ${count(Math.round(leader))}/s, ` +
        `so a queue grew through the run and the lag is mostly time spent waiting in it`
    : `the follower kept up with the leader (${count(Math.round(downstream!))}/s processed, ` +
        `${count(Math.round(leader))}/s saved)`
}

// In memory: the leader alone and each runner interleaved (ABC, CBA, …), after a warm-up of each.
{
  const memory = {}
  const [alone, single, concurrent] = await interleaved(
    [
      () => run('leader alone (in memory)', N, () => leaderAlone(memory)),
      () => run('ours single-threaded (in memory)', N, withRunner(SingleThreadedRunner, memory)),
      () => run('ours concurrent (in memory)', N, withRunner(ConcurrentRunner, memory)),
    ],
    {
      warmUps: [
        () => run('warm-up leader alone', size(500, 200), () => leaderAlone(memory)),
        () => run('warm-up single-threaded', size(500, 200), withRunner(SingleThreadedRunner, memory)),
        () => run('warm-up concurrent', size(500, 200), withRunner(ConcurrentRunner, memory)),
      ],
    },
  )
  emitDownstream('in memory, single-threaded runner', N, single!, alone!, true)
  emitDownstream('in memory, concurrent runner', N, concurrent!, alone!, true, leaderWithFollower(concurrent!))
}

// SQLite: one file per application, each save its own synced transaction; interleaved, because the
// disk's speed drifts.
{
  const [alone, single] = await interleaved(
    [
      () => run('leader alone (SQLite)', SQLITE_N, () => leaderAlone(sqliteEnv('alone'))),
      () => run('ours single-threaded (SQLite)', SQLITE_N, withRunner(SingleThreadedRunner, sqliteEnv('single'))),
    ],
    {
      warmUps: [
        () => run('warm-up leader alone', size(30, 30), () => leaderAlone(sqliteEnv('warm'))),
        () => run('warm-up single-threaded', size(30, 30), withRunner(SingleThreadedRunner, sqliteEnv('warm'))),
      ],
    },
  )
  emitDownstream(
    'SQLite (file, WAL), single-threaded runner',
    SQLITE_N,
    single!,
    alone!,
    true,
    `each trick is a synced commit in the leader's file and another in the follower's (its events and position ` +
      `in one write), plus a snapshot commit every ${SNAPSHOT_INTERVAL}th: ${1 + 1 + 1 / SNAPSHOT_INTERVAL} ` +
      `commits per trick where the leader alone makes 1`,
  )
}

// PostgreSQL: the concurrent runner, both applications' tables in the benchmark's schema, emptied before each
// run; interleaved with the leader alone.
try {
  const fresh = (label: string, n: number, open: () => Promise<Setup>) => async () => {
    await resetBenchSchema()
    return run(label, n, open)
  }
  const [alone, concurrent] = await interleaved(
    [
      fresh('leader alone (PostgreSQL)', PG_N, () => leaderAlone(POSTGRES_ENV)),
      fresh('ours concurrent (PostgreSQL)', PG_N, withRunner(ConcurrentRunner, POSTGRES_ENV)),
    ],
    {
      warmUps: [
        fresh('warm-up leader alone', size(30, 30), () => leaderAlone(POSTGRES_ENV)),
        fresh('warm-up concurrent', size(30, 30), withRunner(ConcurrentRunner, POSTGRES_ENV)),
      ],
    },
  )
  await dropBenchSchema()
  emitDownstream('PostgreSQL, concurrent runner', PG_N, concurrent!, alone!, false, leaderWithFollower(concurrent!))
  // The lags of each run; each figure below is the median over the runs of that run's figure.
  const ofRuns = (figure: (result: Result) => number) => concurrent!.map(figure)
  const medians = ofRuns((r) => median(r.lags))
  const p99s = ofRuns((r) => percentile(r.lags, 0.99))
  const overall = {
    leader: median(ofRuns((r) => r.leader)),
    downstream: median(ofRuns((r) => r.downstream!)),
    lags: [],
    pacedLags: [],
  }
  const lagNote =
    `per TrickAdded event (${count(concurrent![0]!.lags.length)} a run), from its save() resolving to the ` +
    `follower's write of its effects and position; median over the runs of each run's figure; ${queueing(overall)}: ` +
    `median of the first 100 events ${median(ofRuns((r) => median(r.lags.slice(0, 100)))).toFixed(1)} ms, ` +
    `of the last 100 ${median(ofRuns((r) => median(r.lags.slice(-100)))).toFixed(1)} ms. With no queue ` +
    `(${PACED} more tricks after each run, each saved once the one before was processed): median ` +
    `${median(ofRuns((r) => median(r.pacedLags))).toFixed(1)} ms, p99 ` +
    `${median(ofRuns((r) => percentile(r.pacedLags, 0.99))).toFixed(1)} ms`
  emitRow({
    part,
    figure: `PostgreSQL, concurrent runner: save to processed, median (N = ${count(PG_N)})`,
    unit: 'ms',
    better: 'lower',
    ours: median(medians),
    runs: medians,
    note: lagNote,
  })
  emitRow({
    part,
    figure: `PostgreSQL, concurrent runner: save to processed, p99 (N = ${count(PG_N)})`,
    unit: 'ms',
    better: 'lower',
    ours: median(p99s),
    runs: p99s,
  })
} catch (error) {
  emitRow({
    part,
    figure: 'PostgreSQL, concurrent runner: events processed downstream/s',
    unit: '/s',
    better: 'higher',
    ours: null,
    note: `did not run: ${reason(error)}`,
  })
}
