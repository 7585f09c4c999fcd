/// <reference types="node" />
/**
 * The multi-process runner: each follower of a system runs in a worker thread of its own, reading its
 * leaders' stores directly, so that followers process in parallel with their leaders and with each other on
 * as many cores as there are followers. It is the TypeScript counterpart of the Python library's
 * multi-process runners, which also rely on the store alone: every follower records each notification
 * with its tracking record in one write, so the runner can be stopped, or the process killed, at any point
 * and restarted, and each upstream event still has its effect exactly once.
 *
 * Threads rather than child processes: a worker starts in tens of milliseconds instead of a Node process's
 * hundreds, messages need no serialising code, and workers end with the process that started them, so no
 * follower is left running, orphaned, after a crash of the main process. A crash of one follower is
 * contained all the same, by the store's transactions rather than by the operating system.
 */
import { existsSync } from 'node:fs'
import { isAbsolute } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { ProcessingEvent } from '../application/index.js'
import { ProgrammingError } from '../persistence/index.js'
import { Runner, type RunnerOptions, type System, type WaitOptions } from '../system/index.js'
import { describeValue } from '../utils/describe.js'
import { checkDurable } from './durability.js'
import { FollowerWorker } from './follower-worker.js'
import { WORKER_MARK, type WorkerData } from './protocol.js'

/** Options for constructing a {@link MultiprocessRunner}. */
export interface MultiprocessRunnerOptions extends RunnerOptions {
  /**
   * The module that exports the system, which each worker imports to get the application classes: its URL
   * (such as `new URL('./system.js', import.meta.url)`) or absolute path. It must be JavaScript that Node can
   * import, and export the system the runner is given.
   */
  systemModule: string | URL
  /** The name of the module's export: the System, or a function (maybe async) that returns it. @default 'system' */
  systemExport?: string | undefined
  /** How often a follower reads a leader whose store cannot notify (SQLite), in milliseconds. @default 100 */
  pollIntervalMs?: number | undefined
  /**
   * How often a follower reads a leader whose store notifies (PostgreSQL's LISTEN/NOTIFY), in milliseconds, in
   * case a notification was missed while the listening connection was down. @default 1000
   */
  notifiedPollIntervalMs?: number | undefined
  /** How long `stop()` lets a worker finish the notification in hand before it terminates it, in milliseconds. @default 10000 */
  stopTimeoutMs?: number | undefined
  /**
   * The worker threads' entry module. @default the `worker.js` beside this module in the installed package;
   * set it only when the library is bundled or run from its TypeScript sources, to a built copy of
   * `src/multiprocess/worker.ts` (that shares its copy of eventsourcing with the system module).
   */
  workerUrl?: string | URL | undefined
}

/** Each follower's position in each of its leaders' logs: `positions.Counters.DogSchool`. */
export type FollowerPositions = Record<string, Record<string, number>>

/**
 * Runs a system with each follower in a worker thread of its own (Node only). Followers read their
 * leaders' stores and are woken by them: on PostgreSQL by LISTEN/NOTIFY (sent inside each write's
 * transaction), with a slow poll in case a notification was missed; on SQLite by polling. Writes through
 * this runner's own application objects wake the followers at once as well.
 *
 * `get(AppClass)` returns an application object in the calling thread on the same settings: its saves reach
 * the workers through the store, and its reads see what the workers stored. The store must therefore be
 * durable and shared: SQLite files or PostgreSQL, not memory.
 *
 * A follower whose policy throws stops (the others go on); the error is kept in `errors`, rejects
 * `waitForFollowers()`, and is thrown by `stop()` if no wait has reported it. After a restart, or a crash, each follower resumes
 * after the last notification it recorded.
 *
 * @example
 * ```ts
 * // system.ts: export const system = new System({ pipes: [[DogSchool, Counters]] })
 * import { system } from './system.js'
 * const runner = new MultiprocessRunner(system, {
 *   systemModule: new URL('./system.js', import.meta.url),
 *   env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: 'school.db' },
 * })
 * await runner.start()
 * await runner.get(DogSchool).registerDog('Fido')
 * await runner.waitForFollowers()
 * await runner.stop()
 * ```
 */
export class MultiprocessRunner extends Runner {
  /** The URL of the module the workers import the system from. */
  readonly systemModule: URL
  /** The name of the system's export in that module. */
  readonly systemExport: string
  /** How often a follower reads a leader whose store cannot notify, in milliseconds. */
  readonly pollIntervalMs: number
  /** How often a follower reads a leader whose store notifies, in milliseconds. */
  readonly notifiedPollIntervalMs: number
  /** How long `stop()` waits for a worker before terminating it, in milliseconds. */
  readonly stopTimeoutMs: number
  /** The workers' entry module. */
  readonly workerUrl: URL
  readonly #workers = new Map<string, FollowerWorker>()
  #started = false

  /**
   * @throws {@link ProgrammingError} if `system` is not a System, an option has a bad value, or the system
   *   module or worker module is not an existing file.
   */
  constructor(system: System, options: MultiprocessRunnerOptions) {
    super(system, options as RunnerOptions)
    const given = options as Partial<MultiprocessRunnerOptions>
    this.systemModule = moduleUrl(given.systemModule, 'systemModule', "new URL('./system.js', import.meta.url)")
    this.systemExport = given.systemExport ?? 'system'
    if (typeof this.systemExport !== 'string' || this.systemExport === '') {
      throw new ProgrammingError(
        `The systemExport option names the module's export of the system, such as 'system', but was ` +
          `${describeValue(given.systemExport)}.`,
      )
    }
    this.pollIntervalMs = interval(given.pollIntervalMs, 'pollIntervalMs', 100)
    this.notifiedPollIntervalMs = interval(given.notifiedPollIntervalMs, 'notifiedPollIntervalMs', 1000)
    this.stopTimeoutMs = interval(given.stopTimeoutMs, 'stopTimeoutMs', 10_000)
    this.workerUrl =
      given.workerUrl === undefined
        ? defaultWorkerUrl()
        : moduleUrl(given.workerUrl, 'workerUrl', "new URL('./worker.js', import.meta.url)")
  }

  /**
   * Returns each follower's position in each of its leaders' logs, as its worker reports it: the last
   * notification it processed (or, for notifications its policies do not take, passed over).
   *
   * @throws {@link ProgrammingError} if the runner is not running.
   */
  async positions(): Promise<FollowerPositions> {
    if (!this.isRunning || !this.#started) {
      throw new ProgrammingError('The runner is not running: await runner.start() before runner.positions().')
    }
    const entries = await Promise.all(
      [...this.#workers].map(async ([name, worker]) => [name, await worker.positions()] as const),
    )
    return Object.fromEntries(entries)
  }

  /**
   * Resolves once every follower has processed everything its leaders had stored when it was called. It
   * prompts every follower first, so that none waits for its next poll.
   *
   * @throws {@link ProcessingError} if a follower has stopped with an error (at once, or while waiting).
   * @throws {@link ProgrammingError} if the followers have not caught up within the time limit, or the runner
   *   is not running.
   */
  async waitForFollowers(options: WaitOptions = {}): Promise<void> {
    if (!this.isRunning || !this.#started) {
      throw new ProgrammingError('The runner is not running: await runner.start() before runner.waitForFollowers().')
    }
    for (const [leaderName, followerName] of this.system.edges) this.#workers.get(followerName)?.prompt(leaderName)
    await this.waitForPositions(() => this.positions(), { ...options, pollMs: 5 })
  }

  protected override prompted(leaderName: string, _processing: ProcessingEvent): undefined {
    this.#relay(leaderName)
    return undefined
  }

  protected override async catchUp(): Promise<void> {
    for (const name of this.system.nodes) checkDurable(this.application(name))
    for (const name of this.system.followers) {
      const data: WorkerData = {
        mark: WORKER_MARK,
        applicationName: name,
        systemModule: this.systemModule.href,
        systemExport: this.systemExport,
        env: this.env,
        nodes: this.system.nodes,
        edges: this.system.edges,
        pollIntervalMs: this.pollIntervalMs,
        notifiedPollIntervalMs: this.notifiedPollIntervalMs,
      }
      const worker = new FollowerWorker(this.workerUrl, data, {
        onError: (error) => this.failed(error),
        onRecorded: () => this.#relay(name),
      })
      this.#workers.set(name, worker)
    }
    const outcomes = await Promise.allSettled([...this.#workers.values()].map((worker) => worker.ready))
    const failure = outcomes.find((outcome) => outcome.status === 'rejected')
    if (failure !== undefined) {
      await this.halt()
      throw failure.reason
    }
    this.#started = true
  }

  protected override async halt(): Promise<void> {
    this.#started = false
    await Promise.all([...this.#workers.values()].map((worker) => worker.stop(this.stopTimeoutMs)))
  }

  /** Tells the workers of the named application's followers that it stored events. */
  #relay(leaderName: string): void {
    for (const followerName of this.system.leads(leaderName)) this.#workers.get(followerName)?.prompt(leaderName)
  }
}

/**
 * Returns a module option as a file URL, checking that the file exists.
 *
 * @throws {@link ProgrammingError} naming the option if it is not a URL or absolute path of an existing file.
 */
function moduleUrl(value: unknown, option: string, example: string): URL {
  let url: URL | undefined
  if (value instanceof URL) url = value
  else if (typeof value === 'string' && isAbsolute(value)) url = pathToFileURL(value)
  else if (typeof value === 'string' && value.startsWith('file:')) url = new URL(value)
  if (url === undefined || url.protocol !== 'file:') {
    throw new ProgrammingError(
      `The ${option} option must be a module's file URL or absolute path, such as ${example}, so that each ` +
        `worker thread can import it, but was ${describeValue(value)}.`,
    )
  }
  if (!existsSync(fileURLToPath(url))) {
    throw new ProgrammingError(
      `The ${option} option names ${url.href}, but there is no such file. Point it at the built JavaScript module.`,
    )
  }
  return url
}

/**
 * Returns the worker entry beside this module.
 *
 * @throws {@link ProgrammingError} if there is none (the library runs from its sources, or was bundled).
 */
function defaultWorkerUrl(): URL {
  const url = new URL('./worker.js', import.meta.url)
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) {
    throw new ProgrammingError(
      `The multi-process runner's worker module is not at ${url.href}, beside the runner, as it is in the ` +
        `installed package: eventsourcing runs from its TypeScript sources or was bundled. Build ` +
        `src/multiprocess/worker.ts (with the system module, so that they share one copy of eventsourcing) and ` +
        `give the runner its URL as the workerUrl option.`,
    )
  }
  return url
}

/**
 * Returns a time option in milliseconds, or its default.
 *
 * @throws {@link ProgrammingError} naming the option if it is not a positive number.
 */
function interval(value: unknown, option: string, defaultMs: number): number {
  if (value === undefined) return defaultMs
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ProgrammingError(
      `The ${option} option is a time in milliseconds, a number above 0 such as ${defaultMs}, but was ` +
        `${describeValue(value)}.`,
    )
  }
  return value
}
