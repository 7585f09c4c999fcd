/**
 * The projection runner: keeps a view up to date with an application. It opens the view the settings choose,
 * subscribes to the application after the view's position, and hands each event to the projection, which
 * records the view's change together with the event's position. Killed at any point and started again, it
 * resumes after the last position the view recorded, so each event is reflected exactly once.
 */
import { Application, type ApplicationOptions } from '../application/index.js'
import {
  extendsClass,
  InfrastructureFactory,
  type TrackingRecorder,
  type TrackingRecorderClass,
  type WaitOptions,
} from '../persistence/index.js'
import { Environment, processEnvironment, type EnvironmentValues } from '../utils/environment.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'
import { ProjectionError } from './errors.js'
import { projectionNameOf, type Projection } from './projection.js'
import { subscribe, type ApplicationSubscription, type SubscribeOptions } from './subscription.js'

/** Options for constructing a {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions<A extends Application, V extends TrackingRecorder, P extends Projection<V>> {
  /**
   * The application to project: a class, which the runner constructs with `env` (and closes when it stops),
   * or an application object, which stays the caller's to close.
   */
  application: (new (options?: ApplicationOptions) => A) | A
  /** The projection class, constructed with the view. */
  projection: new (view: V) => P
  /**
   * The view class, or one view class per store (such as `[InMemoryDogCounts, SqliteDogCounts]`): the runner
   * takes the one written for the store the settings choose, so that only configuration changes between stores.
   */
  view: TrackingRecorderClass<NoInfer<V>> | readonly TrackingRecorderClass<NoInfer<V>>[]
  /**
   * Settings for the application and the view. The view reads them with the projection's name as a prefix
   * first (`DOGCOUNTS_PERSISTENCE_MODULE`), so that it may live in another store than the application.
   */
  env?: EnvironmentValues | undefined
  /** How the subscription reads: page size and poll intervals (see {@link SubscribeOptions}). */
  subscription?: Pick<SubscribeOptions, 'pageSize' | 'pollIntervalMs' | 'notifiedPollIntervalMs'> | undefined
}

/**
 * Runs a projection of an application into a view: catch-up, then live, until stopped.
 *
 * @example
 * ```ts
 * const runner = new ProjectionRunner({ application: DogSchool, projection: DogCountsProjection, view: InMemoryDogCounts })
 * await runner.start()
 * const [recording] = await runner.application.registerDog('Fido')
 * await runner.wait(recording.notificationId)
 * console.log(await runner.view.dogs()) // 1
 * await runner.stop()
 * ```
 */
export class ProjectionRunner<
  A extends Application = Application,
  V extends TrackingRecorder = TrackingRecorder,
  P extends Projection<V> = Projection<V>,
> {
  /** The application whose events are projected. */
  readonly application: A
  /** The projection's name, which prefixes the view's settings and names its tables. */
  readonly name: string
  /** The error the runner stopped with, if the projection failed. */
  error: ProjectionError | undefined
  readonly #ownsApplication: boolean
  readonly #options: ProjectionRunnerOptions<A, V, P>
  readonly #env: Environment
  #factory: InfrastructureFactory | undefined
  #view: V | undefined
  #projection: P | undefined
  #subscription: ApplicationSubscription | undefined
  #loop: Promise<void> | undefined
  #tracked = 0
  #starting: Promise<void> | undefined
  #stopping: Promise<void> | undefined
  #errorReported = false
  /** The waits in progress, ended by this runner's own progress. */
  readonly #waiters = new Set<{ notificationId: number; resolve: () => void }>()
  /** Aborted when the projection fails, so that waits end at once with its error. */
  readonly #failed = new AbortController()

  /** @throws {@link ProgrammingError} if an option is missing or of the wrong kind. */
  constructor(options: ProjectionRunnerOptions<A, V, P>) {
    checkOptions(options)
    this.#options = options
    this.name = projectionNameOf(options.projection as unknown as typeof Projection)
    const env = options.env ?? {}
    if (options.application instanceof Application) {
      this.application = options.application
      this.#ownsApplication = false
    } else {
      this.application = new options.application({ env })
      this.#ownsApplication = true
    }
    this.#env = new Environment(this.name, { ...processEnvironment(), ...env })
  }

  /**
   * The view. Available once {@link ProjectionRunner.start} has resolved.
   *
   * @throws {@link ProgrammingError} if the runner has not started.
   */
  get view(): V {
    return this.#started('view').view
  }

  /**
   * The projection. Available once {@link ProjectionRunner.start} has resolved.
   *
   * @throws {@link ProgrammingError} if the runner has not started.
   */
  get projection(): P {
    return this.#started('projection').projection
  }

  /** Whether the runner is processing (started, not stopped, not failed). */
  get isRunning(): boolean {
    return this.#loop !== undefined && this.#stopping === undefined && this.error === undefined
  }

  /**
   * Opens the view, subscribes to the application after the view's position, and starts processing in the
   * background. Calling it again does nothing.
   *
   * @throws {@link ProgrammingError} if the view classes do not fit the store the settings choose, or the
   *   view's position is ahead of the application's log.
   * @throws {@link OperationalError} if the view's tables are missing (with CREATE_TABLE=n) or of another shape.
   */
  start(): Promise<void> {
    if (this.#stopping !== undefined) {
      return Promise.reject(new ProgrammingError(`The runner of ${this.name} has stopped; construct a new one.`))
    }
    this.#starting ??= this.#start().catch(async (error: unknown) => {
      await this.#close()
      throw error
    })
    return this.#starting
  }

  /**
   * Resolves once the view has processed the application's notification `notificationId` (the id a recording
   * from `save()` has), so that a command can return only when its events show in the view.
   *
   * @throws {@link ProjectionError} if the runner stopped with an error (at once, or while waiting).
   * @throws {@link WaitTimeoutError} if the view has not got there within `timeoutMs` (default 10 s).
   */
  async wait(notificationId: number, options: WaitOptions = {}): Promise<void> {
    const { view } = this.#started('wait()')
    if (this.error === undefined && !(this.#tracked >= notificationId && Number.isSafeInteger(notificationId))) {
      // This runner's own progress ends the wait as soon as it records the position; the view is read as well,
      // for positions another process records.
      const settled = new AbortController()
      const signals = [this.#failed.signal, settled.signal, ...(options.signal ? [options.signal] : [])]
      let heard = false
      const waiter = { notificationId, resolve: () => {} }
      const ownProgress = new Promise<void>((resolve) => (waiter.resolve = resolve)).then(() => (heard = true))
      this.#waiters.add(waiter)
      const polled = view.wait(this.application.name, notificationId, { ...options, signal: AbortSignal.any(signals) })
      try {
        await Promise.race([ownProgress, polled])
      } catch (error) {
        if (this.error === undefined && !heard) throw error
      } finally {
        this.#waiters.delete(waiter)
        settled.abort()
        polled.catch(() => {})
      }
    }
    if (this.error !== undefined) {
      this.#errorReported = true
      throw this.error
    }
  }

  /**
   * Stops processing, waits for the event in hand, and closes the view (and the application, if the runner
   * constructed it). Calling it again does nothing.
   *
   * @throws {@link ProjectionError} the error the runner stopped with, if no `wait()` has thrown it yet.
   */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await this.#starting?.catch(() => {})
      await this.#close()
      if (this.error !== undefined && !this.#errorReported) {
        this.#errorReported = true
        throw this.error
      }
    })()
    return this.#stopping
  }

  /** Stops the runner when leaving an `await using` block. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop()
  }

  async #start(): Promise<void> {
    const application = await this.application.ready()
    const factory = await InfrastructureFactory.construct(this.#env)
    this.#factory = factory
    const view = factory.trackingRecorder(this.#viewClassFor(factory))
    const projection = new this.#options.projection(view)
    this.#tracked = await view.maxTrackingId(application.name)
    const subscription = subscribe(application, {
      ...this.#options.subscription,
      after: this.#tracked,
      topics: projection.topics,
      onCaughtUp: (position) => this.#recordPosition(position),
    })
    // Checked now, so that a view from another store fails start() rather than the background loop.
    await subscription.start()
    this.#view = view
    this.#projection = projection
    this.#subscription = subscription
    this.#loop = this.#run(subscription, projection)
  }

  async #run(subscription: ApplicationSubscription, projection: P): Promise<void> {
    let notificationId = this.#tracked + 1
    try {
      for (;;) {
        const next = await subscription.next()
        if (next.done === true) return
        const { domainEvent, tracking } = next.value
        notificationId = tracking.notificationId
        await projection.process(domainEvent, tracking)
        this.#advance(notificationId)
        notificationId = subscription.position + 1
      }
    } catch (cause) {
      if (subscription.closed) return
      const message = String((cause as Error)?.message ?? cause).replace(/\.+$/, '')
      this.error = new ProjectionError(
        `The projection ${this.name} could not process notification ${notificationId} of ` +
          `${this.application.name}: ${message}. Nothing of its processing was recorded in the view; started ` +
          `again, the projection resumes at that notification.`,
        { projectionName: this.name, applicationName: this.application.name, notificationId },
        { cause },
      )
      this.#failed.abort()
      await subscription.close()
    }
  }

  async #recordPosition(position: number): Promise<void> {
    if (position <= this.#tracked) return
    await this.#view!.insertTracking({ applicationName: this.application.name, notificationId: position })
    this.#advance(position)
  }

  /** Notes the position the view has recorded, and ends the waits it reaches. */
  #advance(position: number): void {
    this.#tracked = position
    for (const waiter of this.#waiters) if (waiter.notificationId <= position) waiter.resolve()
  }

  #viewClassFor(factory: InfrastructureFactory): TrackingRecorderClass<V> {
    const classes = [this.#options.view].flat() as TrackingRecorderClass<V>[]
    const base = factory.trackingRecorderClass
    const fitting = base === undefined ? undefined : classes.find((cls) => extendsClass(cls, base))
    if (fitting !== undefined) return fitting
    const names = classes.map((cls) => cls.name).join(', ')
    throw new ProgrammingError(
      `None of the view classes given to the runner of ${this.name} (${names}) extends ` +
        `${base?.name ?? 'a tracking recorder'} of the store the settings choose for the view ` +
        `(${this.#env.get('PERSISTENCE_MODULE') || 'in memory'}). Add a view class for that store to the runner's ` +
        `view option, or set ${this.name.toUpperCase()}_PERSISTENCE_MODULE to a store you have a view for.`,
    )
  }

  #started(what: string): { view: V; projection: P } {
    if (this.#view === undefined || this.#projection === undefined) {
      throw new ProgrammingError(`The runner of ${this.name} has not started: await runner.start() before ${what}.`)
    }
    return { view: this.#view, projection: this.#projection }
  }

  async #close(): Promise<void> {
    await this.#subscription?.close()
    await this.#loop
    await this.#factory?.close()
    if (this.#ownsApplication) await this.application.close()
  }
}

function checkOptions(options: unknown): void {
  const fail = (rule: string): never => {
    throw new ProgrammingError(
      `A ProjectionRunner's options are not valid: ${rule}; they were ${describeValue(options)}.`,
    )
  }
  if (!isPlainObject(options)) fail('they are an object { application, projection, view, env? }')
  const { application, projection, view, env } = options as Record<string, unknown>
  const isApplicationClass =
    typeof application === 'function' && (application === Application || application.prototype instanceof Application)
  if (!isApplicationClass && !(application instanceof Application)) {
    fail('application is an application class (such as DogSchool) or an application object')
  }
  if (typeof projection !== 'function') fail('projection is a projection class (a subclass of Projection)')
  const views = [view].flat()
  if (views.length === 0 || views.some((cls) => typeof cls !== 'function')) {
    fail('view is a view class (a tracking recorder subclass) or an array of them, one per store')
  }
  if (env !== undefined && !isPlainObject(env)) fail('env is an object of settings')
}
