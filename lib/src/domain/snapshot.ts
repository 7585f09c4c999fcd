/**
 * Snapshots: an aggregate's whole state at one version, stored so that rebuilding it can start there
 * instead of at its first event. A snapshot is a domain event of its own kind, kept in a separate store;
 * applying it to `null` rebuilds the aggregate without running its constructor, so an aggregate that
 * uses snapshots keeps its state in public properties (JavaScript `#private` fields are not restored).
 */
import { Aggregate } from './aggregate.js'
import { prepareAggregateClass } from './aggregate-classes.js'
import { upcastState, withClassVersion } from './class-versions.js'
import { DomainEvent } from './events.js'
import { replay } from './in-progress.js'
import { registry } from './topics.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'
import { cloneValue } from '../utils/values.js'

/** The topic of stored snapshots (not a class name, so it cannot clash with one). */
export const SNAPSHOT_TOPIC = 'eventsourcing:Snapshot'

/** An aggregate's state at one version. */
export class Snapshot extends DomainEvent {
  /** The topic of the aggregate's class. */
  declare readonly topic: string
  /** The aggregate's properties, copied. */
  declare readonly state: Readonly<Record<string, unknown>>

  /**
   * Takes a snapshot of an aggregate at its current version.
   *
   * @throws {@link ProgrammingError} if the argument is not an aggregate.
   * @example
   * ```ts
   * const snapshot = Snapshot.take(dog)
   * const copy = snapshot.mutate(null) // equal to dog
   * ```
   */
  static take(aggregate: Aggregate): Snapshot {
    if (!(aggregate instanceof Aggregate)) {
      throw new ProgrammingError(`Snapshot.take() takes an aggregate, but was given ${describeValue(aggregate)}.`)
    }
    registry.register(SNAPSHOT_TOPIC, Snapshot)
    return Snapshot.create({
      originatorId: aggregate.id,
      originatorVersion: aggregate.version,
      timestamp: new Date(aggregate.modifiedOn.getTime()),
      topic: prepareAggregateClass(aggregate.constructor).topic,
      state: withClassVersion(aggregate.constructor, { ...aggregate }),
    }) as Snapshot
  }

  /**
   * Rebuilds the aggregate the snapshot was taken of, at the snapshot's version.
   *
   * @throws {@link ProgrammingError} if `aggregate` is not `null`.
   * @throws {@link TopicError} if the aggregate's class is not registered.
   * @throws {@link ProgrammingError} if the snapshot was taken by a newer version of the aggregate's class.
   */
  mutate(aggregate: Aggregate | null): Aggregate {
    if (aggregate !== null && aggregate !== undefined) {
      throw new ProgrammingError(
        `A snapshot starts an aggregate, so it can only be applied to null, not to ${aggregate.id}.`,
      )
    }
    const cls = registry.resolve(this.topic) as typeof Aggregate
    prepareAggregateClass(cls)
    // Only the base constructor runs: the state comes from the snapshot, not from constructor arguments.
    const rebuilt = replay(cls, this, () => Reflect.construct(Aggregate, [], cls) as Aggregate)
    return Object.assign(rebuilt, upcastState(cls, cloneValue(this.state) as Record<string, unknown>))
  }
}
