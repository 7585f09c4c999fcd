/**
 * Part `projection` (issue 14): the projection runner (`eventsourcing/projection`) keeping an SQL view of the
 * DogSchool up to date, against a hand-written projection on the raw driver in the same run.
 *
 * 1. Catch-up: the log of part `log` (10,000 dogs with 10 tricks each, 110,000 notifications, stored in
 *    batches) is projected from position 0 into a fresh view that counts dogs and each trick
 *    (`projection-views.ts`): one UPSERT and one tracking insert per event, in one transaction per event.
 *    Ours is a `ProjectionRunner` over the DogSchool; the raw side (`projection-raw.ts`) reads the same
 *    pages with the same SELECT, JSON-parses each state and writes the same rows. Figure: events projected
 *    per second, from constructing the runner (or opening the raw loop) until the view has committed the
 *    target notification (told by the view's write itself, not by polling). Each store syncs every commit, so
 *    the runs cover a prefix of the log: see RUN_SECONDS. Runs alternate ours and raw,
 *    after one short warm-up of each; every run starts from fresh tables and its view is checked.
 * 2. Live lag on PostgreSQL: with the view caught up, dogs are registered one at a time (each save begins
 *    LIVE_PAUSE_MS after the view has the one before, so that the follower is idle when it comes), and for
 *    each the time from just before `save()` to the view's commit of that notification is taken, by the
 *    view's write telling the part (no polling). Ours: a runner over an application object of its own (so it
 *    hears of saves by LISTEN/NOTIFY, as another process would, not from the saving object in this process).
 *    Baseline: a hand-written follower on one `pg` connection that LISTENs on the same channel and, on each
 *    notification, reads and writes as the raw catch-up does. Blocks of saves alternate ours and raw.
 *    Also shown: the same lag as a caller sees it through `runner.wait(id)` (which polls the view with a
 *    backoff from 1 ms), and the bare `save()` latency.
 */
import { rmSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { ProjectionRunner } from 'eventsourcing/projection'
import { Dog, DogSchool, ourDogSchool } from '../dog-school.js'
import { benchFile } from '../files.js'
import {
  collectGarbage,
  count,
  emitRow,
  median,
  now,
  PROFILING,
  profiled,
  progress,
  ratioTarget,
  size,
} from '../measure.js'
import { adminQuery, POSTGRES, POSTGRES_ENV } from '../stores/raw-postgres.js'
import { REGISTERED, TRICK_ADDED } from '../stores/raw-state.js'
import { TRICKS } from '../workload.js'
import {
  BENCH_COUNTS_VIEWS,
  BenchCountsProjection,
  checkView,
  onViewWritten,
  PROJECTION_NAME,
  setUnsyncedCommits,
} from './projection-views.js'
import {
  dropPostgresView,
  dropSqliteView,
  RawPostgresFollower,
  RawPostgresProjection,
  rawSqliteCatchUp,
  readPostgresView,
  readSqliteView,
  type RawLog,
  type ViewState,
} from './projection-raw.js'

const part = 'projection'
const DOGS = size(10_000, 300)
const NOTIFICATIONS = DOGS * (1 + TRICKS)
const PAGE = 100
const REPEATS = size(3, 1)
/**
 * How long a catch-up run should take, about. Every event is a synced commit, so the whole log (110,000
 * commits) would take minutes a run on a loaded machine: a run covers the first notifications of the log,
 * as many as the slower side projects in this time at half its warm-up rate (in whole thousands, at least 1,000, at
 * most the whole log); BENCH_PROJECTION_TARGET fixes the count instead. The figure's label says how many.
 */
const RUN_SECONDS = size(10, 2)
const FIXED_TARGET = Number(process.env.BENCH_PROJECTION_TARGET) || undefined
const TARGET_STEP = size(1_000, 100)
const WARM_UP_TARGET = size(1_000, 200)
const LIVE_BLOCKS = size(3, 1)
const LIVE_SAVES = size(100, 10)
const LIVE_WARM_UP = size(20, 5)
const LIVE_PAUSE_MS = 5
const APPLICATION = 'BenchDogSchool'
const OURS_PREFIX = PROJECTION_NAME.toLowerCase()
const RAW_PREFIX = 'rawcounts'
const TOPICS = [REGISTERED, TRICK_ADDED]

/**
 * The schema of this part's PostgreSQL tables: its own, so that other parts (which empty the schema `bench`)
 * running at the same time on the same server cannot drop them.
 */
const SCHEMA = 'bench_projection'
const PG_ENV = { ...POSTGRES_ENV, POSTGRES_SCHEMA: SCHEMA }
const PG_EVENTS = `${SCHEMA}.benchdogschool_events`

async function resetSchema(recreate = true): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`)
  if (recreate) await adminQuery(`CREATE SCHEMA ${SCHEMA}`)
}

type App = ReturnType<typeof ourDogSchool>['app']
type Env = Record<string, string>

/** Stores DOGS dogs with all their tricks, 100 dogs per save (as part `log` does). */
async function fill(app: App): Promise<void> {
  const started = now()
  for (let first = 0; first < DOGS; first += 100) {
    const dogs: Dog[] = []
    for (let i = first; i < Math.min(first + 100, DOGS); i++) {
      const dog = new Dog({ name: `dog-${i}` })
      for (let t = 0; t < TRICKS; t++) dog.addTrick({ trick: `trick-${t}` })
      dogs.push(dog)
    }
    await app.save(...dogs)
  }
  progress(`stored ${count(NOTIFICATIONS)} notifications in ${((now() - started) / 1000).toFixed(1)} s`)
}

function runner(application: DogSchool, env: Env) {
  return new ProjectionRunner({
    application,
    projection: BenchCountsProjection,
    view: BENCH_COUNTS_VIEWS,
    env,
    subscription: { pageSize: PAGE },
  })
}

/** Resolves once `done` does; rejects if the runner stops with an error first, or after `timeoutMs`. */
async function unlessFailed(done: Promise<void>, running: ReturnType<typeof runner>, timeoutMs: number) {
  let timer: ReturnType<typeof setInterval> | undefined
  const deadline = now() + timeoutMs
  const failed = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (running.error !== undefined) reject(running.error)
      else if (now() > deadline) reject(new Error(`The view did not get there within ${timeoutMs} ms.`))
    }, 100)
  })
  try {
    await Promise.race([done, failed])
  } finally {
    clearInterval(timer)
  }
}

/** A catch-up run's figures: events projected per second, and this process's CPU time per event (µs). */
interface Run {
  rate: number
  cpuUs: number
}

/** Starts a run's clocks; the function returned stops them, prints the run's figures and returns them. */
function clocks(target: number): (label: string) => Run {
  const wall = now()
  const cpu = process.cpuUsage()
  return (label) => {
    const seconds = (now() - wall) / 1000
    const used = process.cpuUsage(cpu)
    const run = { rate: target / seconds, cpuUs: (used.user + used.system) / target }
    progress(
      `${label}: ${count(Math.round(run.rate))} events/s (${seconds.toFixed(1)} s), ` +
        `${Math.round(run.cpuUs)} µs CPU per event`,
    )
    return run
  }
}

let topicsChecked = false

/** One catch-up run of ours into fresh tables; returns events projected per second. */
async function oursCatchUp(
  label: string,
  app: App,
  env: Env,
  target: number,
  view: { drop: () => Promise<void>; read: () => Promise<ViewState>; synchronous: string },
): Promise<Run> {
  await view.drop()
  collectGarbage()
  let reached!: () => void
  const done = new Promise<void>((resolve) => (reached = resolve))
  onViewWritten((id) => {
    if (id >= target) reached()
  })
  const stop = clocks(target)
  const running = runner(app, env)
  await running.start()
  await unlessFailed(done, running, 10 * 60_000)
  const run = stop(label)
  onViewWritten(undefined)
  if (!topicsChecked) {
    const topics = [...(running.projection.topics ?? [])].sort()
    if (topics.join() !== [...TOPICS].sort().join()) {
      throw new Error(`Our projection reads the topics ${topics.join(', ')}, the raw side ${TOPICS.join(', ')}.`)
    }
    topicsChecked = true
  }
  const synchronous = await running.view.synchronous()
  await running.stop()
  if (synchronous !== view.synchronous) {
    throw new Error(`${label}: the view's connections have synchronous ${synchronous}, not ${view.synchronous}.`)
  }
  checkView(label, await view.read(), target)
  return run
}

/** The number of notifications a run projects, from the warm-up's rates (see RUN_SECONDS). */
function chooseTarget(warmUps: readonly Run[]): number {
  if (FIXED_TARGET !== undefined) return Math.min(NOTIFICATIONS, FIXED_TARGET)
  // Half the warm-up's pace: longer runs go slower (checkpoints, a loaded disk), and the part must end in time.
  const rate = Math.min(...warmUps.map((run) => run.rate)) / 2
  const fits = Math.floor((rate * RUN_SECONDS) / TARGET_STEP) * TARGET_STEP
  return Math.min(NOTIFICATIONS, Math.max(TARGET_STEP, fits))
}

interface SideBySide {
  ours: Run[]
  raw: Run[]
  target: number
}

/** Runs ours and raw alternately, REPEATS times each, after a short warm-up of each. */
async function sideBySide(
  store: string,
  ours: (target: number, label: string) => Promise<Run>,
  raw: (target: number, label: string) => Promise<Run>,
): Promise<SideBySide> {
  const warmUp = Math.min(WARM_UP_TARGET, NOTIFICATIONS)
  const target = chooseTarget([
    await ours(warmUp, `warm-up ours (${store})`),
    await raw(warmUp, `warm-up raw (${store})`),
  ])
  progress(`${store}: each run projects the first ${count(target)} notifications`)
  if (PROFILING) await profiled(`ours ${store} catch-up`, () => ours(target, `profiled ours (${store})`))
  const runs: SideBySide = { ours: [], raw: [], target }
  for (let i = 0; i < REPEATS; i++) {
    runs.ours.push(await ours(target, `ours (${store})`))
    runs.raw.push(await raw(target, `raw (${store})`))
  }
  return runs
}

/** The two durability settings the catch-up runs under (see `setUnsyncedCommits` in projection-views.ts). */
const MODES = [
  { unsynced: false, name: '' },
  { unsynced: true, name: ', commits not synced' },
] as const

function emitCatchUp(store: string, mode: (typeof MODES)[number], baseline: string, runs: SideBySide): void {
  const { target } = runs
  const ours = runs.ours.map((run) => run.rate)
  const raw = runs.raw.map((run) => run.rate)
  const cpu = (side: Run[]) => Math.round(median(side.map((run) => run.cpuUs)))
  const prefix = target < NOTIFICATIONS ? `first ${count(target)} of ${count(NOTIFICATIONS)}` : count(NOTIFICATIONS)
  const durability = mode.unsynced
    ? store === 'SQLite'
      ? 'commits not synced (synchronous = NORMAL, write-ahead log), on both sides'
      : "commits not synced (synchronous_commit = off on the view's connections), on both sides"
    : 'every commit synced'
  emitRow({
    part,
    figure: `${store}${mode.name}: catch-up into a view, events/s (${prefix} notifications)`,
    unit: '/s',
    better: 'higher',
    ours: median(ours),
    runs: ours,
    baseline: { name: baseline, value: median(raw), runs: raw },
    target: ratioTarget(median(ours), median(raw), 'higher', 0.8, 'raw'),
    note:
      `one UPSERT + tracking insert per event, one transaction each, ${durability}; pages of ${PAGE}, same ` +
      `SELECT; ${REPEATS} runs a side, alternating, fresh tables each; run length set to take about ` +
      `${RUN_SECONDS} s at half the slower side's warm-up rate. CPU of this process per event (median): ours ${cpu(runs.ours)} µs, ` +
      `raw ${cpu(runs.raw)} µs`,
  })
}

function rawLog(eventsTable: string): RawLog {
  return { eventsTable, applicationName: APPLICATION, topics: TOPICS, page: PAGE }
}

// SQLite: ours and raw node:sqlite project the same file's log into views in the same file.
{
  const file = benchFile('projection.db')
  const remove = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
  }
  remove()
  const env = { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: file }
  const { app } = ourDogSchool({ env })
  await fill(app)
  const db = new DatabaseSync(file, { timeout: 5000 })
  db.exec('PRAGMA journal_mode = WAL')
  const log = rawLog('benchdogschool_events')
  for (const mode of MODES) {
    setUnsyncedCommits(mode.unsynced)
    db.exec(`PRAGMA synchronous = ${mode.unsynced ? 'NORMAL' : 'FULL'}`)
    const store = `SQLite${mode.name}`
    const runs = await sideBySide(
      store,
      (target, label) =>
        oursCatchUp(label, app, env, target, {
          drop: async () => dropSqliteView(db, OURS_PREFIX),
          read: async () => readSqliteView(db, OURS_PREFIX),
          synchronous: mode.unsynced ? '1' : '2',
        }),
      async (target, label) => {
        dropSqliteView(db, RAW_PREFIX)
        collectGarbage()
        const stop = clocks(target)
        rawSqliteCatchUp(db, log, RAW_PREFIX, target)
        const run = stop(label)
        checkView(label, readSqliteView(db, RAW_PREFIX), target)
        return run
      },
    )
    emitCatchUp('SQLite', mode, 'raw node:sqlite', runs)
  }
  setUnsyncedCommits(false)
  db.close()
  await app.close()
  remove()
}

// PostgreSQL: ours and raw pg project the same table into views in the same schema.
{
  await resetSchema()
  const { app } = ourDogSchool({ env: PG_ENV })
  await fill(app)
  const admin = new pg.Client(POSTGRES)
  await admin.connect()
  const log = rawLog(PG_EVENTS)
  for (const mode of MODES) {
    setUnsyncedCommits(mode.unsynced)
    const runs = await sideBySide(
      `PostgreSQL${mode.name}`,
      (target, label) =>
        oursCatchUp(label, app, PG_ENV, target, {
          drop: () => dropPostgresView(admin, OURS_PREFIX, SCHEMA),
          read: () => readPostgresView(admin, OURS_PREFIX, SCHEMA),
          synchronous: mode.unsynced ? 'off' : 'on',
        }),
      async (target, label) => {
        await dropPostgresView(admin, RAW_PREFIX, SCHEMA)
        collectGarbage()
        const stop = clocks(target)
        const projection = await new RawPostgresProjection(log, RAW_PREFIX, SCHEMA, undefined, mode.unsynced).open()
        await projection.drain(target)
        const run = stop(label)
        await projection.close()
        checkView(label, await readPostgresView(admin, RAW_PREFIX, SCHEMA), target)
        return run
      },
    )
    emitCatchUp('PostgreSQL', mode, 'raw pg', runs)
  }
  setUnsyncedCommits(false)
  await app.close()

  // Live lag, on a fresh (short) log.
  await resetSchema()
  const saver = ourDogSchool({ env: PG_ENV }).app
  const reader = new DogSchool({ name: APPLICATION, env: PG_ENV })
  await saver.save(new Dog({ name: 'first' }))
  await reader.ready()
  const channel = (reader.recorder as unknown as { notifyChannel: string }).notifyChannel
  const arrived = new Map<number, number>()
  const waiting = new Map<number, () => void>()
  const written = (id: number) => {
    arrived.set(id, now())
    waiting.get(id)?.()
  }
  const writtenAt = (id: number): Promise<number> => {
    const at = arrived.get(id)
    if (at !== undefined) return Promise.resolve(at)
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Notification ${id} did not reach the view in 10 s.`)), 10_000)
      waiting.set(id, () => {
        clearTimeout(timer)
        waiting.delete(id)
        resolve(arrived.get(id)!)
      })
    })
  }
  let dogs = 1
  let lastId = 1
  /** Saves `saves` dogs one at a time; returns each save's lag to `reached` and its save() latency. */
  const saveOneByOne = async (saves: number, reached: (id: number) => Promise<number>) => {
    const lags: number[] = []
    const saveTimes: number[] = []
    for (let i = 0; i < saves; i++) {
      await sleep(LIVE_PAUSE_MS)
      const dog = new Dog({ name: `live-${dogs++}` })
      const started = now()
      const [recording] = await saver.save(dog)
      saveTimes.push(now() - started)
      lastId = recording!.notificationId
      lags.push((await reached(recording!.notificationId)) - started)
    }
    return { lags, saveTimes }
  }
  const checkLive = async (label: string, prefix: string) => {
    const view = await readPostgresView(admin, prefix, SCHEMA)
    if (view.counts.get('dogs') !== dogs || view.tracked !== lastId || view.max !== lastId) {
      throw new Error(
        `${label}: the view has ${JSON.stringify([...view.counts])}, tracked ${view.tracked}, ${dogs} dogs saved.`,
      )
    }
  }
  const ours = { lags: [] as number[], saveTimes: [] as number[], blocks: [] as number[] }
  const raw = { lags: [] as number[], saveTimes: [] as number[], blocks: [] as number[] }
  const waited = { lags: [] as number[], saveTimes: [] as number[] }
  for (let block = 0; block < LIVE_BLOCKS; block++) {
    {
      const running = runner(reader, PG_ENV)
      await running.start()
      await running.wait(lastId)
      onViewWritten(written)
      if (block === 0) await saveOneByOne(LIVE_WARM_UP, writtenAt)
      const result = await saveOneByOne(LIVE_SAVES, writtenAt)
      onViewWritten(undefined)
      if (block === 0) {
        // A caller's view of the same: runner.wait() polls the view's position with a backoff.
        const viaWait = await saveOneByOne(LIVE_SAVES, async (id) => {
          await running.wait(id)
          return now()
        })
        waited.lags.push(...viaWait.lags)
        waited.saveTimes.push(...viaWait.saveTimes)
      }
      await running.stop()
      await checkLive('ours (live)', OURS_PREFIX)
      ours.lags.push(...result.lags)
      ours.saveTimes.push(...result.saveTimes)
      ours.blocks.push(median(result.lags))
      progress(`ours live block ${block + 1}: lag median ${median(result.lags).toFixed(2)} ms`)
    }
    {
      const follower = new RawPostgresFollower(
        new RawPostgresProjection(rawLog(PG_EVENTS), RAW_PREFIX, SCHEMA, written),
        channel,
      )
      await follower.start()
      if (block === 0) await saveOneByOne(LIVE_WARM_UP, writtenAt)
      const result = await saveOneByOne(LIVE_SAVES, writtenAt)
      await follower.stop()
      if (follower.error !== undefined) throw follower.error
      await checkLive('raw (live)', RAW_PREFIX)
      raw.lags.push(...result.lags)
      raw.saveTimes.push(...result.saveTimes)
      raw.blocks.push(median(result.lags))
      progress(`raw live block ${block + 1}: lag median ${median(result.lags).toFixed(2)} ms`)
    }
  }
  await saver.close()
  await reader.close()
  await admin.end()
  await resetSchema(false)

  const p99 = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.99) - 1]!
  const saves = `${count(ours.lags.length)} saves a side in ${LIVE_BLOCKS} alternating blocks`
  emitRow({
    part,
    figure: 'PostgreSQL live: save() to view updated, median',
    unit: 'ms',
    better: 'lower',
    ours: median(ours.lags),
    runs: ours.blocks,
    baseline: { name: 'raw LISTEN follower', value: median(raw.lags), runs: raw.blocks },
    note:
      `${saves}, one at a time, each ${LIVE_PAUSE_MS} ms after the view had the one before; timed to the view's ` +
      `commit, told by its write (no polling); ranges: block medians. Bare save() median: ` +
      `ours ${median(ours.saveTimes).toFixed(2)} ms, raw ${median(raw.saveTimes).toFixed(2)} ms`,
  })
  emitRow({
    part,
    figure: 'PostgreSQL live: save() to view updated, p99',
    unit: 'ms',
    better: 'lower',
    ours: p99(ours.lags),
    baseline: { name: 'raw LISTEN follower', value: p99(raw.lags) },
    note: `bare save() p99: ours ${p99(ours.saveTimes).toFixed(2)} ms, raw ${p99(raw.saveTimes).toFixed(2)} ms`,
  })
  emitRow({
    part,
    figure: 'PostgreSQL live: save() to runner.wait() resolved, median',
    unit: 'ms',
    better: 'lower',
    ours: median(waited.lags),
    note:
      `${count(waited.lags.length)} saves after block 1: what a caller sees (wait() polls the view, backoff ` +
      `from 1 ms); p99 ${p99(waited.lags).toFixed(2)} ms`,
  })
}
