/**
 * What every runner does: construct a system's applications with one set of settings, connect each follower
 * to its leaders, and close them all again. How prompts travel from a leader's writes to its followers is
 * each runner's own.
 */
import type { Application, ProcessingEvent } from '../application/index.js'
import type { EnvironmentValues, Recording } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'
import type { ProcessingError } from './errors.js'
import { ProcessApplication } from './process-application.js'
import { System, type ApplicationClass } from './system.js'

/** Options for constructing a runner. */
export interface RunnerOptions {
  /** Settings for every application of the system (each may also take settings prefixed with its name). */
  env?: EnvironmentValues
}

/** Runs a {@link System}: `start()`, `get(AppClass)`, `stop()`. */
export abstract class Runner {
  /** The system this runner runs. */
  readonly system: System
  /** The settings every application is constructed with. */
  readonly env: EnvironmentValues
  /** The errors followers stopped with, oldest first. */
  readonly errors: ProcessingError[] = []
  readonly #unreported = new Set<ProcessingError>()
  readonly #applications = new Map<string, Application>()
  readonly #unsubscribe: (() => void)[] = []
  #state: 'new' | 'starting' | 'running' | 'stopping' | 'stopped' = 'new'
  #starting: Promise<void> | undefined
  #stopping: Promise<void> | undefined
  #shutting: Promise<void> | undefined

  /** @throws {@link ProgrammingError} if `system` is not a System or `options` is not an object. */
  constructor(system: System, options: RunnerOptions = {}) {
    if (!(system instanceof System)) {
      throw new ProgrammingError(`A runner takes a System, but was given ${describeValue(system)}.`)
    }
    if (!isPlainObject(options) || (options.env !== undefined && !isPlainObject(options.env))) {
      throw new ProgrammingError(`A runner's options are { env: { ... } }, but were ${describeValue(options)}.`)
    }
    this.system = system
    this.env = { ...(options.env ?? {}) }
  }

  /** Whether the runner has started and not stopped. */
  get isRunning(): boolean {
    return this.#state === 'running'
  }

  /**
   * Constructs the applications, connects followers to leaders, and has each follower catch up with what its
   * leaders stored before (after a restart, from the last position it recorded). Calling it again does nothing.
   */
  start(): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      return Promise.reject(
        new ProgrammingError('This runner has stopped; construct a new runner to run the system again.'),
      )
    }
    this.#starting ??= this.#start().catch(async (error: unknown) => {
      // A start that failed leaves nothing open or running behind it, and reports its error itself.
      await this.#shutDownOnce().catch(() => {})
      throw error
    })
    return this.#starting
  }

  /**
   * Returns the application of the given class.
   *
   * @throws {@link ProgrammingError} if the runner has not started, or the class is not in the system.
   */
  get<A extends Application>(cls: ApplicationClass<A>): A {
    const name = this.system.nameOf(cls as ApplicationClass)
    const application = this.#applications.get(name)
    if (application === undefined || this.#state === 'new') {
      throw new ProgrammingError(`The runner has not started: await runner.start() before runner.get(${name}).`)
    }
    return application as A
  }

  /**
   * Stops prompting, waits for the processing in flight, and closes every application. Calling it again does
   * nothing.
   *
   * @throws {@link ProcessingError} the first error a follower stopped with that no caller has been given yet
   *   (by a `save()` or a wait), once everything is closed, as the Python library's runners re-raise their
   *   threads' errors: an error is never swallowed.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#starting?.catch(() => {})
      await this.#shutDownOnce()
    })()
    return this.#stopping
  }

  /** The follower applications of the system that follow the named leader. */
  protected followersOf(leaderName: string): ProcessApplication[] {
    return this.system.leads(leaderName).map((name) => this.#applications.get(name) as ProcessApplication)
  }

  /** The application of the given name. */
  protected application(name: string): Application {
    return this.#applications.get(name)!
  }

  /** Called after each write of a leader that stored events; what it returns, the leader's write waits for. */
  protected abstract prompted(leaderName: string, processing: ProcessingEvent): void | Promise<void>

  /** Has every follower catch up with its leaders, once the runner is connected. */
  protected abstract catchUp(): Promise<void>

  /** Waits for the processing in flight and ends it; called by `stop()` before the applications are closed. */
  protected abstract halt(): Promise<void>

  /**
   * Resolves once every follower has reached, in each of its leaders' logs, the last notification the leader
   * had when it was called; `positions()` reads every follower's positions (`positions[follower][leader]`).
   *
   * @throws {@link ProcessingError} if a follower has stopped with an error (at once, or while waiting); the
   *   error then counts as reported.
   * @throws {@link ProgrammingError} if the followers have not caught up within `timeoutMs`.
   */
  protected async waitForPositions(
    positions: () => Promise<Record<string, Record<string, number>>>,
    { timeoutMs = 10_000, pollMs = 2 }: { timeoutMs?: number | undefined; pollMs?: number } = {},
  ): Promise<void> {
    const targets: [follower: string, leader: string, target: number][] = []
    for (const [leaderName, followerName] of this.system.edges) {
      targets.push([followerName, leaderName, await this.application(leaderName).notificationLog.maxNotificationId()])
    }
    const deadline = Date.now() + timeoutMs
    const reportError = (): never => {
      this.reported(...this.errors)
      throw this.errors[0]!
    }
    for (;;) {
      if (this.errors.length > 0) reportError()
      const current = await positions().catch((error: unknown) => {
        if (this.errors.length > 0) reportError()
        throw error
      })
      const behind = targets
        .filter(([follower, leader, target]) => (current[follower]?.[leader] ?? 0) < target)
        .map(
          ([follower, leader, target]) =>
            `${follower} is at ${current[follower]?.[leader] ?? 0} of ${leader}'s ${target}`,
        )
      if (behind.length === 0) return
      if (Date.now() > deadline) {
        throw new ProgrammingError(
          `The followers did not catch up within ${timeoutMs} ms: ${behind.join('; ')}. Give waitForFollowers() ` +
            `a longer timeoutMs if the system is busy.`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  }

  /** Records an error a follower stopped with. */
  protected failed(error: ProcessingError): void {
    this.errors.push(error)
    this.#unreported.add(error)
  }

  /** Notes that a caller has been given these errors, so that `stop()` need not throw them again. */
  protected reported(...errors: ProcessingError[]): void {
    for (const error of errors) this.#unreported.delete(error)
  }

  async #start(): Promise<void> {
    this.#state = 'starting'
    for (const name of this.system.nodes) {
      const cls = this.system.applicationClass(name)
      this.#applications.set(name, new cls({ env: this.env, name }))
    }
    for (const [leaderName, followerName] of this.system.edges) {
      ;(this.#applications.get(followerName) as ProcessApplication).follow(this.#applications.get(leaderName)!)
    }
    for (const leaderName of this.system.leaders) {
      const leader = this.#applications.get(leaderName)!
      this.#unsubscribe.push(
        leader.onRecorded((_recordings: readonly Recording[], processing) => {
          if (this.#state !== 'running') return undefined
          return this.prompted(leaderName, processing)
        }),
      )
    }
    await Promise.all([...this.#applications.values()].map((application) => application.ready()))
    this.#state = 'running'
    await this.catchUp()
  }

  #shutDownOnce(): Promise<void> {
    this.#shutting ??= this.#shutDown()
    return this.#shutting
  }

  async #shutDown(): Promise<void> {
    this.#state = 'stopping'
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe()
    await this.halt()
    await Promise.all([...this.#applications.values()].map((application) => application.close()))
    this.#state = 'stopped'
    const [unreported] = this.#unreported
    if (unreported !== undefined) throw unreported
  }
}
