/**
 * The repository rebuilds aggregates from their stored events: it selects an aggregate's events (up to
 * a version, if asked) and folds them with `mutate`, starting from `null`.
 */
import { AggregateNotFoundError } from './errors.js'
import {
  Aggregate,
  canonicalUuid,
  registerAggregateClass,
  registry,
  Snapshot,
  SNAPSHOT_TOPIC,
  type AggregateClass,
} from '../domain/index.js'
import type { EventStore } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'

/** Options for {@link Repository.get}. */
export interface GetOptions {
  /** Rebuild the aggregate as it was at this version (the latest version not above it). */
  version?: number | undefined
}

/** The stores a repository reads: the aggregates' events, and optionally their snapshots. */
export interface RepositoryStores {
  /** The store of the aggregates' events. */
  readonly eventStore: EventStore
  /** The store of snapshots, when snapshotting is enabled. */
  readonly snapshots?: EventStore | undefined
}

/** Rebuilds aggregates from the events in an event store, starting from the latest snapshot if there is one. */
export class Repository {
  readonly #stores: () => RepositoryStores | Promise<RepositoryStores>

  /** @param stores - the event store, the stores, or a function that returns the stores once they are ready */
  constructor(stores: EventStore | RepositoryStores | (() => RepositoryStores | Promise<RepositoryStores>)) {
    if (typeof stores === 'function') this.#stores = stores
    else if ('eventStore' in stores) this.#stores = () => stores
    else this.#stores = () => ({ eventStore: stores })
  }

  /**
   * Rebuilds an aggregate from its stored events.
   *
   * @throws {@link AggregateNotFoundError} if no events are stored for the id (up to the version).
   * @throws {@link ProgrammingError} if the id is not a UUID string, the version is not a whole number of 1
   *   or more, or the aggregate is not an instance of the given class.
   * @example
   * ```ts
   * const dog = await app.repository.get(dogId, Dog)
   * const puppy = await app.repository.get(dogId, Dog, { version: 1 })
   * ```
   */
  async get<A extends Aggregate>(id: string, aggregateClass: AggregateClass<A>, options?: GetOptions): Promise<A>
  async get(id: string, options?: GetOptions): Promise<Aggregate>
  async get(
    givenId: string,
    classOrOptions?: AggregateClass | GetOptions,
    maybeOptions?: GetOptions,
  ): Promise<Aggregate> {
    const aggregateClass = typeof classOrOptions === 'function' ? classOrOptions : undefined
    const options = typeof classOrOptions === 'function' ? maybeOptions : classOrOptions
    const id = checkId(givenId)
    const version = options === undefined ? undefined : checkOptions(options)
    if (aggregateClass !== undefined) {
      if (!(aggregateClass.prototype instanceof Aggregate)) {
        throw new ProgrammingError(
          `repository.get() takes an aggregate class as its second argument, but ${aggregateClass.name || 'it'} ` +
            `does not extend Aggregate.`,
        )
      }
      registerAggregateClass(aggregateClass)
    }
    const stores = this.#stores()
    const { eventStore, snapshots } = stores instanceof Promise ? await stores : stores
    let aggregate: Aggregate | null = null
    if (snapshots !== undefined) {
      registry.register(SNAPSHOT_TOPIC, Snapshot)
      const [snapshot] = await snapshots.get(id, { desc: true, limit: 1, lte: version })
      if (snapshot instanceof Snapshot) aggregate = snapshot.mutate(null)
    }
    const after = aggregate?.version
    const range = version === undefined && after === undefined ? undefined : { gt: after, lte: version }
    const events = await eventStore.get(id, range)
    if (aggregate === null && events.length === 0) throw new AggregateNotFoundError(id, version)
    for (const event of events) {
      aggregate = (event as unknown as { mutate(a: Aggregate | null): Aggregate }).mutate(aggregate)
    }
    if (aggregateClass !== undefined && !(aggregate instanceof aggregateClass)) {
      throw new ProgrammingError(`Aggregate ${id} is a ${aggregate!.constructor.name}, not a ${aggregateClass.name}.`)
    }
    return aggregate!
  }

  /** Tells whether any events are stored for the id. */
  async contains(id: string): Promise<boolean> {
    const { eventStore } = await this.#stores()
    return (await eventStore.recorder.selectEvents(checkId(id), { limit: 1 })).length > 0
  }
}

/** Returns the version option, once the options are checked. */
function checkOptions(options: GetOptions): number | undefined {
  if (!isPlainObject(options)) {
    throw new ProgrammingError(
      `repository.get() options must be an object such as { version: 2 }, not ${describeValue(options)}.`,
    )
  }
  const { version } = options
  if (version !== undefined && (!Number.isSafeInteger(version) || version < 1)) {
    throw new ProgrammingError(
      `repository.get() option version must be a whole number of 1 or more, but is ${describeValue(version)}.`,
    )
  }
  return version
}

/** Returns the id in its canonical (lower-case) form, once it is checked. */
function checkId(id: unknown): string {
  const canonical = canonicalUuid(id)
  if (canonical === undefined) {
    throw new ProgrammingError(
      `An aggregate id is a UUID string such as dog.id, but repository was given ${describeValue(id)}.`,
    )
  }
  return canonical
}
