/**
 * Domain events: immutable records of decisions. Every event of an aggregate names its originator (the
 * aggregate's id), the originator version it produces, and when it happened; its other own properties
 * are its fields. `mutate` turns the previous state (or `null`) into the next, which is how an aggregate
 * is rebuilt from its stored events.
 */
import type { Aggregate } from './aggregate.js'
import { OriginatorIdError, OriginatorVersionError } from './errors.js'
import { applying } from './in-progress.js'
import { registry } from './topics.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'
import { cloneValue, deepFreeze } from '../utils/values.js'

/** The properties every domain event has. */
export interface DomainEventProperties {
  /** The id of the aggregate (or other originator) this event belongs to. */
  originatorId: string
  /** The version of the originator this event produces: 1 for a created event, then 2, 3, … */
  originatorVersion: number
  /** When the event happened. */
  timestamp: Date
}

/** The properties a created event has in addition to {@link DomainEventProperties}. */
export interface CreatedEventProperties extends DomainEventProperties {
  /** The topic of the aggregate class the event creates. */
  originatorTopic: string
}

/**
 * The standard event properties: every event has an `originatorId`, `originatorVersion` and `timestamp`, and a
 * created event an `originatorTopic`. They are not fields: an event's fields are its other own properties (see
 * {@link eventFields}), and an event cannot have a field with one of these names.
 *
 * @example
 * ```ts
 * const fieldNames = Object.keys(event).filter((name) => !RESERVED_EVENT_PROPERTIES.has(name))
 * ```
 */
export const RESERVED_EVENT_PROPERTIES: ReadonlySet<string> = new Set([
  'originatorId',
  'originatorVersion',
  'timestamp',
  'originatorTopic',
])

/** Where an event class keeps the decorated method body that applies its events (a static, for a fast lookup). */
const EVENT_BODY: unique symbol = Symbol('eventsourcing.eventBody')

/** The function that applies an event of a class: a decorated method's undecorated body. */
type EventBody = (fields?: Record<string, unknown>) => unknown

/** Sets the body that applies the events of a class (the class machinery does, for each decorated method). */
export function setEventBody(eventClass: object, body: EventBody): void {
  Object.defineProperty(eventClass, EVENT_BODY, { value: body, configurable: true })
}

/** The aggregate class each event class belongs to, set by the class machinery when it prepares the class. */
export const eventOwners = new WeakMap<object, object>()

/**
 * The static method with which an aggregate class rebuilds an aggregate from its created event: the aggregate
 * class declares it, and a created event calls it, so that events need not import aggregates.
 */
export const REPLAY_CREATED: unique symbol = Symbol('eventsourcing.replayCreated')

/** Returns an event's fields as {@link eventFields} describes (set in DomainEvent's static block). */
let fieldsOf: (event: DomainEvent) => Record<string, unknown>

/**
 * An immutable record of something that happened. Its fields are its own properties.
 *
 * Events made by the library (by decorated methods, or read back from a store) are deeply frozen; use
 * {@link DomainEvent.create} to make one yourself. An event holds copies of the plain data it was given
 * (arrays, plain objects, Dates, Maps, Sets, Uint8Arrays), so the caller's own objects stay unfrozen;
 * instances of other classes are held by reference and not frozen: treat them as immutable values.
 */
export class DomainEvent {
  declare readonly originatorId: string
  declare readonly originatorVersion: number
  declare readonly timestamp: Date
  /** The event's fields, named by the object argument of the method that recorded it. */
  readonly [field: string]: unknown

  /**
   * The event's fields, worked out once by `create`, so that applying the event is cheap; and whether any holds
   * an object (then each reader gets a copy). Both are kept on the event itself: rebuilding an aggregate reads
   * them for every event, and one object fewer to reach is measurably faster.
   */
  #fields: Readonly<Record<string, unknown>> | undefined = undefined
  #fieldsHaveObjects = false

  static {
    fieldsOf = (event) => {
      if (!(#fields in event)) {
        throw new ProgrammingError(`eventFields() takes a domain event, but was given ${describeValue(event)}.`)
      }
      const fields = event.#fields as Record<string, unknown> | undefined
      if (fields !== undefined) return event.#fieldsHaveObjects ? cloneValue(fields) : fields
      // An event made with `new` rather than `create` has no fields worked out yet.
      const collected = collectFields(event)
      return collected.hasObjects ? cloneValue(collected.fields) : collected.fields
    }
  }

  /** Makes an event with the given properties. Prefer {@link DomainEvent.create}, which also freezes it. */
  constructor(properties: DomainEventProperties & Record<string, unknown>) {
    Object.assign(this, properties)
  }

  /**
   * Makes a deeply frozen event of this class from its properties, with copies of the objects given.
   *
   * @throws {@link ProgrammingError} if a standard property is missing or has the wrong type.
   * @example
   * ```ts
   * const event = Dog.TrickAdded.create({ originatorId: id, originatorVersion: 2, timestamp: new Date(), trick: 'sit' })
   * ```
   */
  static create<E extends DomainEvent>(
    this: new (properties: DomainEventProperties & Record<string, unknown>) => E,
    properties: DomainEventProperties & Record<string, unknown>,
  ): E {
    checkEventProperties(this.name, properties)
    const event = new this(properties)
    // Class fields declared without `declare` (with or without an initialiser) are defined after the base
    // constructor ran, over the values it assigned: put back every value such a field changed. Whether a
    // field changed a value depends on the value, so this is checked for every event of a declared class;
    // the classes the decorators make declare no fields.
    if (!fieldlessClasses.has(this)) restoreProperties(event as Record<string, unknown>, properties)
    const collected = collectFields(event)
    // Only fields that hold objects need the deep walk. The event freezes copies of its own, so that
    // nothing the caller passed in is frozen under them.
    if (collected.hasObjects) ownObjectFields(event as Record<string, unknown>, collected.fields)
    Object.freeze(collected.fields)
    event.#fields = collected.fields
    event.#fieldsHaveObjects = collected.hasObjects
    // The timestamp is a fresh Date of the event's own.
    Object.freeze(event.timestamp)
    return Object.freeze(event)
  }
}

function checkEventProperties(className: string, properties: Record<string, unknown>): void {
  if (!isPlainObject(properties)) {
    throw new ProgrammingError(
      `${className}.create() takes a plain object of event properties, but was given ${describeValue(properties)}.`,
    )
  }
  if (Object.hasOwn(properties, '__proto__')) {
    throw new ProgrammingError(
      `A ${className} event cannot have a field named '__proto__': JavaScript would take it as the event's ` +
        `prototype. Rename the field.`,
    )
  }
  const { originatorId, originatorVersion, timestamp } = properties
  if (typeof originatorId !== 'string' || originatorId === '') {
    throw new ProgrammingError(
      `A ${className} event needs an originatorId string, but was given ${describeValue(originatorId)}.`,
    )
  }
  if (!Number.isSafeInteger(originatorVersion) || (originatorVersion as number) < 1) {
    throw new ProgrammingError(
      `A ${className} event needs an originatorVersion that is a whole number of 1 or more, but was given ` +
        `${describeValue(originatorVersion)}.`,
    )
  }
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
    throw new ProgrammingError(
      `A ${className} event needs a timestamp that is a valid Date, but was given ${describeValue(timestamp)}.`,
    )
  }
}

/** The event classes the decorators make: they declare no fields, so nothing can overwrite their properties. */
const fieldlessClasses = new WeakSet<object>()

/** Marks an event class as one that declares no fields of its own (the classes `@event` makes). */
export function markFieldless(eventClass: object): void {
  fieldlessClasses.add(eventClass)
}

function ownObjectFields(event: Record<string, unknown>, fields: Record<string, unknown>): void {
  for (const key in fields) {
    const value = fields[key]
    if (typeof value !== 'object' || value === null) continue
    let copy: unknown
    try {
      copy = deepFreeze(cloneValue(value))
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      throw new ProgrammingError(
        `The field '${key}' of a ${event.constructor.name} event contains itself, or nests too deeply: event ` +
          `fields must be trees of values, which can be stored.`,
        { cause: error },
      )
    }
    fields[key] = copy
    event[key] = copy
  }
}

function restoreProperties(event: Record<string, unknown>, properties: Record<string, unknown>): void {
  for (const key in properties) {
    if (!Object.is(event[key], properties[key])) event[key] = properties[key]
  }
}

interface CollectedFields {
  readonly fields: Record<string, unknown>
  readonly hasObjects: boolean
}

function collectFields(event: DomainEvent): CollectedFields {
  const fields: Record<string, unknown> = {}
  let hasObjects = false
  for (const key in event) {
    if (!Object.hasOwn(event, key) || RESERVED_EVENT_PROPERTIES.has(key)) continue
    const value = event[key]
    fields[key] = value
    if (typeof value === 'object' && value !== null) hasObjects = true
  }
  return { fields, hasObjects }
}

/**
 * Returns an event's fields: its own properties other than the standard ones ({@link RESERVED_EVENT_PROPERTIES}),
 * as the method body that applies the event receives them. Objects and arrays are deep copies, since the event
 * is frozen and the caller may keep and change them; when every field is a primitive value the result is a
 * frozen object shared by every call.
 *
 * @example
 * ```ts
 * eventFields(Dog.TrickAdded.create({ originatorId, originatorVersion: 2, timestamp: new Date(), trick: 'sit' }))
 * // { trick: 'sit' }
 * ```
 */
export function eventFields(event: DomainEvent): Record<string, unknown> {
  return fieldsOf(event)
}

/**
 * An event of an aggregate. Applying it (`mutate`) runs the body of the method that recorded it, and
 * moves the aggregate to the event's version.
 */
export class AggregateEvent extends DomainEvent {
  /**
   * Applies this event to `aggregate` and returns it at the event's version.
   *
   * @throws {@link ProgrammingError} if `aggregate` is `null` (only a created event can start an aggregate).
   * @throws {@link OriginatorIdError} if the aggregate's id is not this event's originator id.
   * @throws {@link OriginatorVersionError} if this event's version does not follow the aggregate's version.
   */
  mutate(aggregate: Aggregate | null): Aggregate {
    if (aggregate === null || aggregate === undefined) {
      throw new ProgrammingError(
        `A ${this.constructor.name} event cannot be applied to null: only a created event starts an ` +
          `aggregate. Fold the events in order, starting with the aggregate's created event.`,
      )
    }
    if (aggregate.id !== this.originatorId) {
      throw new OriginatorIdError(
        `A ${this.constructor.name} event of aggregate ${this.originatorId} cannot be applied to aggregate ` +
          `${aggregate.id}.`,
      )
    }
    if (this.originatorVersion !== aggregate.version + 1) {
      throw new OriginatorVersionError(
        `A ${this.constructor.name} event of version ${this.originatorVersion} cannot be applied to aggregate ` +
          `${aggregate.id} at version ${aggregate.version}: events must be applied in order, each at the next version.`,
      )
    }
    applying.depth++
    try {
      this.apply(aggregate)
    } finally {
      applying.depth--
    }
    aggregate.version = this.originatorVersion
    // Shared with the (frozen) event, as Python shares its immutable datetimes: treat dates as values.
    aggregate.modifiedOn = this.timestamp
    return aggregate
  }

  /**
   * Changes the aggregate's state. By default this runs the body of the decorated method that
   * recorded the event, with a copy of the event's fields; an explicitly declared event class may
   * override it.
   */
  apply(aggregate: Aggregate): void {
    const body = (this.constructor as { [EVENT_BODY]?: EventBody })[EVENT_BODY]
    if (body === undefined) return
    const result = body.call(aggregate, eventFields(this))
    if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
      throw new ProgrammingError(
        `The method that applies ${this.constructor.name} returned a promise. Decorated methods must be ` +
          `synchronous: do asynchronous work before calling them, and pass its results as fields.`,
      )
    }
  }
}

/** The first event of an aggregate: applying it to `null` constructs the aggregate. */
export class AggregateCreated extends AggregateEvent {
  declare readonly originatorTopic: string

  /**
   * Constructs the aggregate this event created, at version 1.
   *
   * @throws {@link ProgrammingError} if `aggregate` is not `null`.
   * @throws {@link TopicError} if the aggregate class is not registered.
   */
  override mutate(aggregate: Aggregate | null): Aggregate {
    if (aggregate !== null && aggregate !== undefined) {
      throw new ProgrammingError(
        `A ${this.constructor.name} event creates an aggregate, so it can only be applied to null, ` +
          `not to aggregate ${aggregate.id}.`,
      )
    }
    // The class that owns this event class is the one it creates; the registry is the fallback for
    // created events of classes declared elsewhere.
    const cls = (eventOwners.get(this.constructor) ?? registry.resolve(this.originatorTopic)) as {
      [REPLAY_CREATED]: (event: AggregateCreated) => Aggregate
    }
    return cls[REPLAY_CREATED](this)
  }
}
