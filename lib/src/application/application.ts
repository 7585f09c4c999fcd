/**
 * The application: the object a program talks to. Its command methods get aggregates from the
 * repository, call their methods and save them; its query methods read aggregates; its notification log
 * lists everything it stored. Persistence is chosen by settings alone (see the infrastructure factory),
 * and each piece is built by a small protected hook that a subclass may override.
 */
import { notifyApplicationConstructed, notifyEventsStored } from './application-observers.js'
import { NotificationLog } from './notification-log.js'
import { checkCollectable, ProcessingEvent } from './processing-event.js'
import { Repository, type GetOptions, type RepositoryStores } from './repository.js'
import { Aggregate, DomainEvent, Snapshot, stableNameOf, type AggregateClass } from '../domain/index.js'
import {
  EventStore,
  InfrastructureFactory,
  isIntegrityError,
  readBooleanSetting,
  type ApplicationRecorder,
  type Codecs,
  type JSONTranscoder,
  type Mapper,
  type Recording,
} from '../persistence/index.js'
import { Environment, processEnvironment, type EnvironmentValues } from '../utils/environment.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'

/** Options for constructing an {@link Application}. */
export interface ApplicationOptions {
  /**
   * Settings that take precedence over `process.env` and the class's static `env`, such as
   * `{ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: 'dogs.db' }`.
   * @default {}
   */
  env?: EnvironmentValues
  /** The application's name, which prefixes its settings and its tables. @default the class's name */
  name?: string
}

interface Infrastructure {
  factory: InfrastructureFactory
  mapper: Mapper
  recorder: ApplicationRecorder
  eventStore: EventStore
  snapshots: EventStore | undefined
}

/**
 * Stores a snapshot unless one of the same aggregate and version is stored already: an aggregate's state
 * at a version never changes, so the stored one is as good, and the events saved before it stay saved.
 */
async function putSnapshot(snapshots: EventStore, snapshot: Snapshot): Promise<void> {
  try {
    await snapshots.put([snapshot])
  } catch (error) {
    if (!isIntegrityError(error)) throw error
  }
}

/** Told about each write that stored events; see {@link Application.onRecorded}. */
export type RecordedListener = (recordings: readonly Recording[], processing: ProcessingEvent) => void | Promise<void>

/** The setting that turns on the snapshot store (`y` or `n`). */
export const IS_SNAPSHOTTING_ENABLED = 'IS_SNAPSHOTTING_ENABLED'

/**
 * The base class of event-sourced applications.
 *
 * @example
 * ```ts
 * class DogSchool extends Application {
 *   async registerDog(name: string) {
 *     const dog = new Dog({ name })
 *     await this.save(dog)
 *     return dog.id
 *   }
 * }
 * ```
 */
export class Application {
  /** Default settings for every instance of the class (overridden by `process.env` and the `env` option). */
  static env: EnvironmentValues = {}
  /** The application's name when it must not come from the class name (for example in minified code). */
  static applicationName?: string
  /**
   * Snapshot an aggregate of a class each time its version reaches a multiple of the class's interval, such
   * as `new Map([[Dog, 100]])`. Setting it enables the snapshot store.
   */
  static snapshottingIntervals?: ReadonlyMap<AggregateClass, number>
  /** Whether the application has a snapshot store (also the setting `IS_SNAPSHOTTING_ENABLED`). @default false */
  static isSnapshottingEnabled = false

  /** The application's name: the class name unless given. */
  readonly name: string
  /** The application's settings. */
  readonly env: Environment
  /** Rebuilds aggregates from stored events. */
  readonly repository: Repository
  /** Lists every stored event, numbered in storage order. */
  readonly notificationLog: NotificationLog

  #listeners = new Set<RecordedListener>()
  #infrastructure: Infrastructure | undefined
  #loading: Promise<Infrastructure> | undefined
  #closed = false

  constructor(options: ApplicationOptions = {}) {
    if (!isPlainObject(options)) {
      throw new ProgrammingError(
        `new ${new.target.name}() takes an options object such as { env: { ... } }, but was given ${describeValue(options)}.`,
      )
    }
    const cls = new.target as typeof Application
    const explicitName = options.name ?? (Object.hasOwn(cls, 'applicationName') ? cls.applicationName : undefined)
    this.name = stableNameOf(cls, explicitName, `the application ${cls.name}`, "static applicationName = 'DogSchool'")
    this.env = this.constructEnv(this.name, options.env ?? {})
    const factory = this.constructFactory(this.env)
    if (factory instanceof InfrastructureFactory && !factory.needsCodecs()) {
      this.#infrastructure = this.#build(factory, {})
    } else {
      this.#loading = Promise.resolve(factory).then(async (loaded) => this.#build(loaded, await loaded.loadCodecs()))
      this.#loading.then(
        (infrastructure) => (this.#infrastructure = infrastructure),
        () => {},
      )
    }
    this.repository = this.constructRepository(() => this.#now() ?? this.#ready())
    this.notificationLog = this.constructNotificationLog(
      () => this.#now()?.recorder ?? this.#ready().then((i) => i.recorder),
    )
    notifyApplicationConstructed(this)
  }

  /** The factory that built this application's persistence. */
  get factory(): InfrastructureFactory {
    return this.#loaded('factory').factory
  }
  /** Converts events to stored events and back. */
  get mapper(): Mapper {
    return this.#loaded('mapper').mapper
  }
  /** Stores the application's events. */
  get recorder(): ApplicationRecorder {
    return this.#loaded('recorder').recorder
  }
  /** The mapper and recorder together. */
  get eventStore(): EventStore {
    return this.#loaded('eventStore').eventStore
  }
  /** The store of snapshots, if snapshotting is enabled. */
  get snapshots(): EventStore | undefined {
    return this.#loaded('snapshots').snapshots
  }

  /**
   * Resolves when the persistence the settings choose is loaded. Only needed before reading `factory`,
   * `mapper`, `recorder` or `eventStore` of an application that uses a persistence module, a cipher or a
   * compressor; the asynchronous methods wait for it themselves.
   */
  async ready(): Promise<this> {
    await this.#ready()
    return this
  }

  /**
   * Stores the new events of the given aggregates (and any given events) in one atomic write.
   *
   * @returns a recording (event and notification id) for each stored event.
   * @throws {@link IntegrityError} if another save stored one of these versions first; nothing is stored.
   * @throws {@link ProgrammingError} if an argument is not an aggregate or a domain event.
   */
  async save(...objects: (Aggregate | DomainEvent | null | undefined)[]): Promise<Recording[]> {
    checkCollectable(objects, 'save()')
    const processing = new ProcessingEvent()
    processing.collectEvents(...objects)
    return this.record(processing)
  }

  /**
   * Records a processing event: its new events and its tracking record (if any) in one atomic write; then
   * takes the snapshots that are due and tells the listeners added with {@link Application.onRecorded}.
   *
   * @returns a recording (event and notification id) for each stored event.
   * @throws {@link IntegrityError} if another write stored one of these versions, or the tracked upstream
   *   notification, first; nothing is stored.
   */
  protected async record(processing: ProcessingEvent): Promise<Recording[]> {
    const { events, tracking } = processing
    if (events.length === 0 && tracking === undefined) return []
    const { eventStore } = this.#now() ?? (await this.#ready())
    const recordings = await eventStore.put(events, tracking === undefined ? undefined : { tracking })
    if (recordings.length > 0) notifyEventsStored(this, recordings)
    const intervals = (this.constructor as typeof Application).snapshottingIntervals
    if (intervals !== undefined && events.length > 0) await this.#takeDueSnapshots(processing, intervals)
    if (this.#listeners.size > 0 && recordings.length > 0) {
      await Promise.all([...this.#listeners].map((listener) => listener(recordings, processing)))
    }
    return recordings
  }

  /**
   * Calls `listener` after each write that stored events, with their recordings and the processing event;
   * the write's promise waits for the listener's. This is how a leader prompts the applications that follow
   * it (see `eventsourcing/system`).
   *
   * @returns a function that removes the listener.
   * @throws {@link ProgrammingError} if `listener` is not a function.
   */
  onRecorded(listener: RecordedListener): () => void {
    if (typeof listener !== 'function') {
      throw new ProgrammingError(`onRecorded() takes a function, but was given ${describeValue(listener)}.`)
    }
    const added: RecordedListener = (recordings, processing) => listener(recordings, processing)
    this.#listeners.add(added)
    return () => this.#listeners.delete(added)
  }

  /**
   * Stores a snapshot of an aggregate, as it is now or at the given version, so that later reads start
   * there.
   *
   * @throws {@link ProgrammingError} if snapshotting is not enabled.
   * @throws {@link AggregateNotFoundError} if the aggregate has no events (up to the version).
   */
  async takeSnapshot(aggregateId: string, options: GetOptions = {}): Promise<void> {
    const { snapshots } = this.#now() ?? (await this.#ready())
    if (snapshots === undefined) {
      throw new ProgrammingError(
        `The application ${this.name} has no snapshot store. Enable it with the setting ${IS_SNAPSHOTTING_ENABLED}=y, ` +
          `static isSnapshottingEnabled = true, or static snapshottingIntervals.`,
      )
    }
    const aggregate = await this.repository.get(aggregateId, options)
    await putSnapshot(snapshots, Snapshot.take(aggregate))
  }

  /**
   * Takes a snapshot at each version of a saved aggregate that is a multiple of its class's interval, as the
   * Python library does: every new event's version counts, not only the last, and an aggregate saved
   * without new events takes none.
   */
  async #takeDueSnapshots(processing: ProcessingEvent, intervals: ReadonlyMap<AggregateClass, number>): Promise<void> {
    const { snapshots } = this.#now() ?? (await this.#ready())
    for (const event of processing.events) {
      const aggregate = processing.aggregates.get(event.originatorId)
      const interval = aggregate && intervals.get(aggregate.constructor as AggregateClass)
      if (!aggregate || !interval || event.originatorVersion % interval !== 0) continue
      const version = event.originatorVersion
      const state = version === aggregate.version ? aggregate : await this.repository.get(aggregate.id, { version })
      await putSnapshot(snapshots!, Snapshot.take(state))
    }
  }

  /** Releases the store's connections and files. The application cannot be used afterwards. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    const infrastructure = this.#infrastructure ?? (await this.#loading?.catch(() => undefined))
    await infrastructure?.factory.close()
  }

  /** Makes the application's settings: the class's `env`, then `process.env`, then the `env` option. */
  protected constructEnv(name: string, env: EnvironmentValues): Environment {
    if (!isPlainObject(env)) {
      throw new ProgrammingError(`The env option must be an object of string settings, but is ${describeValue(env)}.`)
    }
    const cls = this.constructor as typeof Application
    return new Environment(name, { ...cls.env, ...processEnvironment(), ...env })
  }

  /** Chooses the persistence factory from the settings. */
  protected constructFactory(env: Environment): InfrastructureFactory | Promise<InfrastructureFactory> {
    return InfrastructureFactory.construct(env)
  }

  /** Registers transcodings for custom value types in event fields. Override it to add yours. */
  protected registerTranscodings(_transcoder: JSONTranscoder): void {}

  /** Builds the mapper. */
  protected constructMapper(factory: InfrastructureFactory, codecs: Codecs): Mapper {
    const transcoder = factory.transcoder()
    this.registerTranscodings(transcoder)
    return factory.mapper(transcoder, codecs)
  }

  /** Builds the recorder. */
  protected constructRecorder(factory: InfrastructureFactory): ApplicationRecorder {
    return factory.applicationRecorder()
  }

  /** Builds the event store. */
  protected constructEventStore(mapper: Mapper, recorder: ApplicationRecorder): EventStore {
    return new EventStore(mapper, recorder)
  }

  /** Builds the repository. */
  protected constructRepository(stores: () => RepositoryStores | Promise<RepositoryStores>): Repository {
    return new Repository(stores)
  }

  /** Builds the notification log. */
  protected constructNotificationLog(
    recorder: () => ApplicationRecorder | Promise<ApplicationRecorder>,
  ): NotificationLog {
    return new NotificationLog(recorder)
  }

  #build(factory: InfrastructureFactory, codecs: Codecs): Infrastructure {
    const mapper = this.constructMapper(factory, codecs)
    const recorder = this.constructRecorder(factory)
    const cls = this.constructor as typeof Application
    const snapshotting =
      cls.snapshottingIntervals !== undefined ||
      readBooleanSetting(this.env, IS_SNAPSHOTTING_ENABLED, cls.isSnapshottingEnabled)
    const snapshots = snapshotting ? new EventStore(mapper, factory.aggregateRecorder()) : undefined
    return { factory, mapper, recorder, eventStore: this.constructEventStore(mapper, recorder), snapshots }
  }

  /** The infrastructure if it is built and the application is open, without waiting (the common case). */
  #now(): Infrastructure | undefined {
    return this.#closed ? undefined : this.#infrastructure
  }

  async #ready(): Promise<Infrastructure> {
    if (this.#closed) {
      throw new ProgrammingError(`The application ${this.name} is closed; construct a new one to use the store again.`)
    }
    return this.#infrastructure ?? (await this.#loading!)
  }

  #loaded(member: string): Infrastructure {
    if (this.#infrastructure) return this.#infrastructure
    throw new ProgrammingError(
      `app.${member} is not ready yet: the persistence named by the settings is still loading. ` +
        `Await app.ready() first (the asynchronous methods such as save() wait for it themselves).`,
    )
  }
}
