/**
 * The event-sourced aggregate. An aggregate's decisions are recorded as events by its decorated
 * methods; its state is whatever folding those events gives. Constructing an aggregate records its
 * created event; calling a decorated method records and applies a subsequent event; `collectEvents`
 * hands the recorded events to an application to store.
 *
 * Constructor arguments become the created event's fields when the class is decorated; without a
 * class decorator the created event records the state the constructor set, because a base class cannot
 * see its subclass's constructor arguments.
 */
import {
  checkArgument,
  prepareAggregateClass,
  registerAggregateBase,
  type AggregateEventClass,
  type EventMethod,
} from './aggregate-classes.js'
import { notifyAggregateConstructed } from './aggregate-observers.js'
import { AggregateCreated, AggregateEvent, eventFields, REPLAY_CREATED, RESERVED_EVENT_PROPERTIES } from './events.js'
import { canonicalUuid, uuid4 } from './ids.js'
import { constructions, replay, replaying } from './in-progress.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'
import { cloneValue, deepEqual } from '../utils/values.js'

/** A constructor of aggregates of type `A`, such as `Dog`. */
export type AggregateClass<A extends Aggregate = Aggregate> = abstract new (...args: never[]) => A

/** Calls the protected `triggerEvent` of an aggregate (set in Aggregate's static block, which may call it). */
let triggerMethodEvent: (aggregate: Aggregate, eventClass: AggregateEventClass, fields: Record<string, unknown>) => void

const BASE_PROPERTIES = new Set(['id', 'version', 'createdOn', 'modifiedOn'])

/**
 * The base class of event-sourced aggregates.
 *
 * @example
 * ```ts
 * @event('Registered')
 * class Dog extends Aggregate {
 *   name: string
 *   tricks: string[] = []
 *   constructor({ name }: { name: string }) {
 *     super()
 *     this.name = name
 *   }
 *   @event('TrickAdded')
 *   addTrick({ trick }: { trick: string }) {
 *     this.tricks.push(trick)
 *   }
 * }
 * ```
 */
export class Aggregate {
  /** The aggregate's id: a UUID string, from {@link Aggregate.createId}. */
  readonly id!: string
  /** The number of events applied so far: 1 after creation, then one more per event. */
  version: number
  /** When the aggregate was created (its created event's timestamp). */
  createdOn: Date
  /** When the aggregate last changed (its latest event's timestamp). */
  modifiedOn: Date

  /** The events recorded and not yet collected; none until the first (most rebuilt aggregates record none). */
  #pendingEvents: AggregateEvent[] | undefined = undefined
  #createdEventPending = false

  /**
   * The base class of this aggregate class's events: every event of a `Dog` is a `Dog.Event`, and every
   * event of any aggregate is an `Aggregate.Event`.
   */
  static get Event(): AggregateEventClass {
    return this === Aggregate ? AggregateEvent : prepareAggregateClass(this).eventBase
  }

  /**
   * The class of this aggregate class's created event: `Created` unless the class decorator names it
   * (`@event('Registered')` makes `Dog.Created === Dog.Registered`).
   */
  static get Created(): AggregateEventClass<AggregateCreated> {
    return this === Aggregate ? AggregateCreated : prepareAggregateClass(this).createdClass
  }

  /**
   * Returns the event class of this aggregate class with the given name, such as `Dog.eventClass('TrickAdded')`.
   * The same class is the static property `Dog.TrickAdded`, which TypeScript only knows about if the class
   * declares it (`declare static TrickAdded: EventClass<{ trick: string }>`).
   *
   * @throws {@link ProgrammingError} if the class has no event of that name.
   */
  static eventClass(name: string): AggregateEventClass {
    const eventClass = prepareAggregateClass(this).eventClasses.get(name)
    if (eventClass === undefined) {
      const names = [...prepareAggregateClass(this).eventClasses.keys()].join(', ')
      throw new ProgrammingError(
        `${this.name} has no event class named ${JSON.stringify(name)}; its event classes are ${names}.`,
      )
    }
    return eventClass
  }

  /**
   * Returns the id of a new aggregate. Override it for deterministic ids; it receives the created event's
   * fields: the constructor's object argument when the class is decorated with `@event`, otherwise the
   * state the constructor set (then the id is worked out when the constructor has finished, at the first
   * read of `id`, so do not read `this.id` inside such a constructor).
   *
   * @example
   * ```ts
   * static override createId({ name }: { name: string }) {
   *   return uuid5(NAMESPACE_URL, `/dogs/${name}`)
   * }
   * ```
   */
  static createId(fields?: Record<string, unknown>): string
  static createId(): string {
    return uuid4()
  }

  /** Rebuilds an aggregate of this class from its created event. */
  static [REPLAY_CREATED](this: typeof Aggregate, event: AggregateCreated): Aggregate {
    if (prepareAggregateClass(this).recordsConstructorArgument) {
      const cls = this as unknown as new (fields: Record<string, unknown>) => Aggregate
      return replay(this, event, () => new cls(eventFields(event)))
    }
    // An undecorated class's created event holds the state its constructor set, not the constructor's
    // arguments, which may be anything: only the base constructor runs, and the state is put back.
    const aggregate = replay(this, event, () => Reflect.construct(Aggregate, [], this) as Aggregate)
    return Object.assign(aggregate, eventFields(event))
  }

  constructor() {
    const cls = new.target
    // A class being rebuilt was prepared by whoever rebuilds it (its created event or snapshot).
    const rebuilding = replaying.cls === cls ? replaying.event : undefined
    if (rebuilding) {
      this.id = rebuilding.originatorId
      this.version = rebuilding.originatorVersion
      this.createdOn = rebuilding.timestamp
      this.modifiedOn = rebuilding.timestamp
    } else {
      const info = prepareAggregateClass(cls)
      const construction = constructions.size > 0 ? constructions.get(cls) : undefined
      const createId = (cls as typeof Aggregate).createId
      if (construction === undefined && createId.length > 0) {
        // The state the subclass's constructor sets is not there yet: work the id out at its first read.
        Object.defineProperty(this, 'id', {
          configurable: true,
          enumerable: true,
          get: () => this.#settleId(),
        })
      } else {
        this.id = checkId(cls, createId.call(cls, construction?.argument))
      }
      this.version = 1
      this.createdOn = new Date()
      this.modifiedOn = new Date(this.createdOn.getTime())
      if (construction !== undefined && !construction.recorded) {
        // A decorated class: its created event records the constructor's argument, known already.
        construction.recorded = true
        this.#recordCreatedEvent(construction.argument)
      } else {
        this.#createdEventPending = !info.recordsConstructorArgument
      }
    }
    notifyAggregateConstructed(this, rebuilding !== undefined)
  }

  static {
    registerAggregateBase(this)
    triggerMethodEvent = (aggregate, eventClass, fields) => aggregate.triggerEvent(eventClass, fields)
  }

  /** The events recorded since the aggregate was created or its events were last collected. */
  get pendingEvents(): readonly AggregateEvent[] {
    this.#recordPendingCreatedEvent()
    return this.#pendingEvents === undefined ? [] : [...this.#pendingEvents]
  }

  /**
   * Returns the events recorded since the last call, and forgets them. An application's `save` calls
   * this to store the events.
   */
  collectEvents(): AggregateEvent[] {
    this.#recordPendingCreatedEvent()
    const events = this.#pendingEvents ?? []
    this.#pendingEvents = undefined
    return events
  }

  /**
   * Tells whether `other` is an aggregate of the same class with the same id, version, timestamps and
   * state. A copy rebuilt from an aggregate's events equals the aggregate.
   */
  equals(other: unknown): boolean {
    return other instanceof Aggregate && other.constructor === this.constructor && deepEqual({ ...this }, { ...other })
  }

  /**
   * Records an event of `eventClass` with `fields` at the next version, and applies it. Decorated methods
   * call this for you; call it yourself to record an explicitly declared event without a decorator.
   *
   * @throws {@link ProgrammingError} if a field name is one of the standard event properties.
   */
  protected triggerEvent<E extends AggregateEvent>(
    eventClass: AggregateEventClass<E>,
    fields: Record<string, unknown> = {},
  ): E {
    this.#recordPendingCreatedEvent()
    checkFieldNames(eventClass.name, fields)
    const event = eventClass.create({
      ...fields,
      originatorId: this.id,
      originatorVersion: this.version + 1,
      timestamp: new Date(),
    })
    event.mutate(this)
    this.#pendingEvents ??= []
    this.#pendingEvents.push(event)
    return event
  }

  #recordPendingCreatedEvent(): void {
    if (!this.#createdEventPending) return
    this.#createdEventPending = false
    this.#recordCreatedEvent(this.#ownState())
  }

  /** The properties a subclass set: what an undecorated class's created event records. */
  #ownState(): Record<string, unknown> {
    const state: Record<string, unknown> = {}
    for (const key of Object.keys(this)) {
      if (!BASE_PROPERTIES.has(key)) state[key] = (this as Record<string, unknown>)[key]
    }
    return state
  }

  /** Works out the id of a new undecorated aggregate whose class overrides `createId`, from its state. */
  #settleId(): string {
    const cls = this.constructor as typeof Aggregate
    const id = checkId(cls, cls.createId(cloneValue(this.#ownState())))
    Object.defineProperty(this, 'id', { value: id, configurable: true, enumerable: true, writable: true })
    return id
  }

  #recordCreatedEvent(fields: Record<string, unknown>): void {
    const info = prepareAggregateClass(this.constructor)
    checkFieldNames(info.createdClass.name, fields)
    const event = info.createdClass.create({
      ...fields,
      originatorId: this.id,
      originatorVersion: 1,
      timestamp: new Date(this.createdOn.getTime()),
      originatorTopic: info.topic,
    })
    this.#pendingEvents ??= []
    this.#pendingEvents.unshift(event)
  }
}

/**
 * Records and applies the event of a decorated method; the methods `@event` decorates call it.
 *
 * @throws {@link ProgrammingError} if `aggregate` is not an aggregate or the argument is not one plain object.
 */
export function recordMethodEvent(aggregate: unknown, method: EventMethod, args: unknown[]): void {
  if (!(aggregate instanceof Aggregate)) {
    throw new ProgrammingError(
      `The method ${method.methodName} is decorated with @event, so it must be called on an aggregate, but ` +
        `it was called on ${describeValue(aggregate)}.`,
    )
  }
  const eventClass = prepareAggregateClass(aggregate.constructor).methodEvents.get(method.body)
  if (eventClass === undefined) {
    throw new ProgrammingError(
      `The method ${method.methodName} of ${aggregate.constructor.name} has no event class. Was the aggregate ` +
        `class prepared before the method was decorated? Decorate methods in the class body with @event('Name').`,
    )
  }
  triggerMethodEvent(aggregate, eventClass, checkArgument(`${aggregate.constructor.name}.${method.methodName}()`, args))
}

function checkId(cls: { name: string }, id: unknown): string {
  const canonical = canonicalUuid(id)
  if (canonical === undefined) {
    throw new ProgrammingError(
      `${cls.name}.createId() must return a UUID string, but it returned ${describeValue(id)}. ` +
        `Use uuid4() for random ids or uuid5(NAMESPACE_URL, name) for ids derived from a name.`,
    )
  }
  return canonical
}

function checkFieldNames(eventName: string, fields: Record<string, unknown>): void {
  for (const key of Object.keys(fields)) {
    if (RESERVED_EVENT_PROPERTIES.has(key)) {
      throw new ProgrammingError(
        `The ${eventName} event cannot have a field named '${key}': every event already has '${key}'. ` +
          `Rename the field (or the aggregate property).`,
      )
    }
  }
}
