/**
 * The event-sourced aggregate. An aggregate's decisions are recorded as events by its decorated
 * methods; its state is whatever folding those events gives. Constructing an aggregate records its
 * created event; calling a decorated method records and applies a subsequent event; `collectEvents`
 * hands the recorded events to an application to store.
 *
 * Each aggregate class is "prepared" once (when `@event` decorates it, or at its first use): its event
 * classes are made and its topics registered. Constructor arguments become the created event's fields
 * when the class is decorated; without a class decorator the created event records the state the
 * constructor set, because a base class cannot see its subclass's constructor arguments.
 */
import {
  AggregateCreated,
  AggregateEvent,
  eventFields,
  RESERVED_EVENT_PROPERTIES,
  type DomainEventProperties,
} from './events.js'
import { applying, eventBodies, REPLAY_CREATED } from './hooks.js'
import { isUuid, uuid4 } from './ids.js'
import { registry, stableNameOf } from './topics.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'
import { cloneValue, deepEqual } from '../utils/values.js'

/** A class of aggregate events, as made by `@event` or declared explicitly. */
export type AggregateEventClass<E extends AggregateEvent = AggregateEvent> = (abstract new (
  properties: DomainEventProperties & Record<string, unknown>,
) => E) & { create(properties: DomainEventProperties & Record<string, unknown>): E }

/** A constructor of aggregates of type `A`, such as `Dog`. */
export type AggregateClass<A extends Aggregate = Aggregate> = abstract new (...args: never[]) => A

/** The decorator metadata key under which `@event` lists a class's decorated methods. */
export const EVENT_METHODS: unique symbol = Symbol('eventsourcing.eventMethods')

/** One method decorated with `@event`. */
export interface EventMethod {
  /** The undecorated method body, which applies the event. */
  body: (fields?: Record<string, unknown>) => unknown
  /** The event name, or an explicitly declared event class. */
  spec: string | AggregateEventClass
  /** The method's name, for messages. */
  methodName: string
}

interface ClassInfo {
  topic: string
  eventBase: AggregateEventClass
  createdClass: AggregateEventClass<AggregateCreated>
  methodEvents: Map<EventMethod['body'], AggregateEventClass>
  recordsConstructorArgument: boolean
}

interface Construction {
  argument?: Record<string, unknown>
  replaying?: AggregateCreated
}

const infos = new WeakMap<object, ClassInfo>()
const wrapped = new WeakMap<object, { original: object; spec: string | AggregateEventClass | undefined }>()
const replacements = new WeakMap<object, object>()
const eventOwners = new WeakMap<object, object>()
const eventBaseOwners = new WeakMap<object, object>()
const constructions = new Map<object, Construction>()
const BASE_PROPERTIES = new Set(['id', 'version', 'createdOn', 'modifiedOn'])
const EVENT_NAME = /^[A-Z][A-Za-z0-9_]*$/

let internals: {
  pending(aggregate: Aggregate): AggregateEvent[]
  recordCreated(aggregate: Aggregate, fields: Record<string, unknown>): void
  trigger(aggregate: Aggregate, eventClass: AggregateEventClass, fields: Record<string, unknown>): AggregateEvent
}

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
  /** Event classes made by `@event` are static properties of their aggregate class (`Dog.TrickAdded`). */
  static [key: string]: any

  /** The aggregate's id: a UUID string, from {@link Aggregate.createId}. */
  readonly id: string
  /** The number of events applied so far: 1 after creation, then one more per event. */
  version: number
  /** When the aggregate was created (its created event's timestamp). */
  createdOn: Date
  /** When the aggregate last changed (its latest event's timestamp). */
  modifiedOn: Date

  #pendingEvents: AggregateEvent[] = []
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
   * Returns the id of a new aggregate. Override it for deterministic ids; it receives the constructor's
   * object argument when the class is decorated with `@event`.
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
    const info = prepareAggregateClass(this)
    constructions.set(this, { replaying: event })
    let aggregate: Aggregate
    applying.depth++
    try {
      aggregate = new (this as unknown as new (fields: Record<string, unknown>) => Aggregate)(eventFields(event))
    } finally {
      applying.depth--
      constructions.delete(this)
    }
    if (!info.recordsConstructorArgument) Object.assign(aggregate, eventFields(event))
    return aggregate
  }

  constructor() {
    const cls = new.target
    const info = prepareAggregateClass(cls)
    const construction = constructions.get(cls)
    const replaying = construction?.replaying
    if (replaying) {
      this.id = replaying.originatorId
      this.version = replaying.originatorVersion
      this.createdOn = new Date(replaying.timestamp.getTime())
    } else {
      const id = (cls as typeof Aggregate).createId(construction?.argument)
      if (!isUuid(id)) {
        throw new ProgrammingError(
          `${cls.name}.createId() must return a UUID string, but it returned ${describeValue(id)}. ` +
            `Use uuid4() for random ids or uuid5(NAMESPACE_URL, name) for ids derived from a name.`,
        )
      }
      this.id = id
      this.version = 1
      this.createdOn = new Date()
      this.#createdEventPending = !info.recordsConstructorArgument
    }
    this.modifiedOn = new Date(this.createdOn.getTime())
  }

  static {
    internals = {
      pending: (aggregate) => {
        aggregate.#recordPendingCreatedEvent()
        return aggregate.#pendingEvents
      },
      recordCreated: (aggregate, fields) => aggregate.#recordCreatedEvent(fields),
      trigger: (aggregate, eventClass, fields) => aggregate.triggerEvent(eventClass, fields),
    }
  }

  /** The events recorded since the aggregate was created or its events were last collected. */
  get pendingEvents(): readonly AggregateEvent[] {
    this.#recordPendingCreatedEvent()
    return [...this.#pendingEvents]
  }

  /**
   * Returns the events recorded since the last call, and forgets them. An application's `save` calls
   * this to store the events.
   */
  collectEvents(): AggregateEvent[] {
    this.#recordPendingCreatedEvent()
    const events = this.#pendingEvents
    this.#pendingEvents = []
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
      ...cloneValue(fields),
      originatorId: this.id,
      originatorVersion: this.version + 1,
      timestamp: new Date(),
    })
    event.mutate(this)
    this.#pendingEvents.push(event)
    return event
  }

  #recordPendingCreatedEvent(): void {
    if (!this.#createdEventPending) return
    this.#createdEventPending = false
    const state: Record<string, unknown> = {}
    for (const key of Object.keys(this)) {
      if (!BASE_PROPERTIES.has(key)) state[key] = (this as Record<string, unknown>)[key]
    }
    this.#recordCreatedEvent(state)
  }

  #recordCreatedEvent(fields: Record<string, unknown>): void {
    const info = prepareAggregateClass(this.constructor)
    checkFieldNames(info.createdClass.name, fields)
    const event = info.createdClass.create({
      ...cloneValue(fields),
      originatorId: this.id,
      originatorVersion: 1,
      timestamp: new Date(this.createdOn.getTime()),
      originatorTopic: info.topic,
    })
    this.#pendingEvents.unshift(event)
  }
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

function named<T extends abstract new (...args: never[]) => unknown>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name })
  return cls
}

function isSubclassOf(cls: unknown, base: object): boolean {
  return cls === base || (typeof cls === 'function' && cls.prototype instanceof (base as typeof Object))
}

function makeEventBase(owner: object, parent: AggregateEventClass): AggregateEventClass {
  const base = named(
    'Event',
    class extends (parent as typeof AggregateEvent) {
      static override [Symbol.hasInstance](value: unknown): boolean {
        if (Function.prototype[Symbol.hasInstance].call(this, value)) return true
        const baseOwner = eventBaseOwners.get(this)
        return (
          baseOwner !== undefined &&
          value instanceof AggregateCreated &&
          isSubclassOf(eventOwners.get(value.constructor), baseOwner)
        )
      }
    },
  )
  eventBaseOwners.set(base, owner)
  return base as unknown as AggregateEventClass
}

function claimEventClass(eventClass: object, owner: object, topic: string): void {
  const current = eventOwners.get(eventClass)
  if (current !== undefined && current !== owner) {
    throw new ProgrammingError(
      `The event class ${(eventClass as { name: string }).name} already belongs to the aggregate class ` +
        `${(current as { name: string }).name}, so it cannot also be an event of ${(owner as { name: string }).name}. ` +
        `Declare a separate event class for each aggregate.`,
    )
  }
  eventOwners.set(eventClass, owner)
  registry.register(topic, eventClass)
}

function defineEventClass(cls: object, name: string, eventClass: object): void {
  const existing = (cls as Record<string, unknown>)[name]
  if (existing !== undefined && existing !== eventClass && !isSubclassOf(existing, AggregateEvent)) {
    throw new ProgrammingError(
      `The event name '${name}' clashes with the static member ${(cls as { name: string }).name}.${name}. ` +
        `Choose another event name.`,
    )
  }
  Object.defineProperty(cls, name, { value: eventClass, configurable: true, writable: true })
}

function eventNameOf(spec: string | AggregateEventClass, what: string): string {
  if (typeof spec === 'string') {
    if (!EVENT_NAME.test(spec)) {
      throw new ProgrammingError(
        `The event name ${JSON.stringify(spec)} given for ${what} is not valid: an event name starts with a ` +
          `capital letter and has only letters, digits and underscores, such as 'TrickAdded'.`,
      )
    }
    return spec
  }
  return stableNameOf(spec, Object.hasOwn(spec, 'topic') ? (spec as { topic?: unknown }).topic : undefined, what)
}

function ownEventMethods(cls: object): EventMethod[] {
  if (!Object.hasOwn(cls, Symbol.metadata)) return []
  const metadata = (cls as { [Symbol.metadata]?: Record<PropertyKey, unknown> | null })[Symbol.metadata]
  if (!metadata || !Object.hasOwn(metadata, EVENT_METHODS)) return []
  return metadata[EVENT_METHODS] as EventMethod[]
}

const baseInfo = (): ClassInfo => ({
  topic: 'Aggregate',
  eventBase: AggregateEvent,
  createdClass: AggregateCreated,
  methodEvents: new Map(),
  recordsConstructorArgument: false,
})

/**
 * Makes a class's event classes and registers its topics, once; later calls return what the first made.
 *
 * @throws {@link ProgrammingError} if an event name is invalid or used twice, or the class has no stable name.
 * @throws {@link TopicError} if another class already has the class's topic.
 */
export function prepareAggregateClass(cls: object): ClassInfo {
  const known = infos.get(cls)
  if (known) return known
  const replacement = replacements.get(cls)
  if (replacement) return prepareAggregateClass(replacement)
  if (cls === Aggregate) {
    const info = baseInfo()
    registry.register('Aggregate', Aggregate)
    claimEventClass(AggregateCreated, Aggregate, 'Aggregate.Created')
    infos.set(cls, info)
    return info
  }
  const wrap = wrapped.get(cls)
  const defining = (wrap?.original ?? cls) as typeof Aggregate
  const parent = Object.getPrototypeOf(defining) as object
  if (!isSubclassOf(parent, Aggregate)) {
    throw new ProgrammingError(`${defining.name} is not a subclass of Aggregate, so it cannot record events.`)
  }
  const parentInfo = parent === Aggregate ? baseInfo() : prepareAggregateClass(parent)
  const ownTopic = Object.hasOwn(defining, 'topic') ? defining.topic : undefined
  const topic = stableNameOf(defining, ownTopic, `the aggregate class ${defining.name}`)
  const what = (member: string) => `${member} of ${topic}`

  const eventBase = makeEventBase(cls, parentInfo.eventBase)
  const createdSpec = wrap?.spec ?? 'Created'
  const createdName = eventNameOf(createdSpec, what('the created event'))
  let createdClass: AggregateEventClass<AggregateCreated>
  if (typeof createdSpec === 'string') {
    createdClass = named(createdName, class extends AggregateCreated {}) as AggregateEventClass<AggregateCreated>
  } else if (isSubclassOf(createdSpec, AggregateCreated)) {
    createdClass = createdSpec as AggregateEventClass<AggregateCreated>
  } else {
    throw new ProgrammingError(
      `@event(${createdSpec.name}) on the class ${topic} needs a created event class, one that extends ` +
        `Aggregate.Created; ${createdSpec.name} does not.`,
    )
  }
  claimEventClass(createdClass, cls, `${topic}.${createdName}`)
  if (createdName !== 'Created') defineEventClass(cls, createdName, createdClass)

  const methodEvents = new Map(parentInfo.methodEvents)
  const names = new Set([createdName])
  // Standard decorators put the metadata on the class a class decorator returns; compilers differ.
  const ownMethods = ownEventMethods(defining).length > 0 ? ownEventMethods(defining) : ownEventMethods(cls)
  for (const method of ownMethods) {
    const name = eventNameOf(method.spec, what(`the method ${method.methodName}`))
    if (names.has(name) || name === 'Event' || name === 'Created') {
      throw new ProgrammingError(
        `The event name '${name}' of the method ${method.methodName} is already used in ${topic}. ` +
          `Each decorated method needs its own event name.`,
      )
    }
    names.add(name)
    let eventClass: AggregateEventClass
    if (typeof method.spec === 'string') {
      eventClass = named(name, class extends (eventBase as typeof AggregateEvent) {}) as AggregateEventClass
    } else if (isSubclassOf(method.spec, AggregateEvent) && !isSubclassOf(method.spec, AggregateCreated)) {
      eventClass = method.spec
    } else {
      throw new ProgrammingError(
        `@event(${method.spec.name}) on the method ${method.methodName} needs an event class that extends ` +
          `Aggregate.Event and not Aggregate.Created.`,
      )
    }
    claimEventClass(eventClass, cls, `${topic}.${name}`)
    eventBodies.set(eventClass, method.body)
    methodEvents.set(method.body, eventClass)
    defineEventClass(cls, name, eventClass)
  }

  registry.register(topic, cls)
  const info: ClassInfo = {
    topic,
    eventBase,
    createdClass,
    methodEvents,
    recordsConstructorArgument: wrap !== undefined || parentInfo.recordsConstructorArgument,
  }
  infos.set(cls, info)
  return info
}

function checkArgument(what: string, args: unknown[]): Record<string, unknown> {
  if (args.length > 1 || (args.length === 1 && args[0] !== undefined && !isPlainObject(args[0]))) {
    const given = args.length > 1 ? `${args.length} arguments` : describeValue(args[0])
    throw new ProgrammingError(
      `${what} takes one object argument whose properties become the event's fields, but it was given ` +
        `${given}. Pass the values by name, for example { name: 'Fido' }.`,
    )
  }
  return (args[0] as Record<string, unknown> | undefined) ?? {}
}

/**
 * Wraps an aggregate class so that its constructor's object argument is recorded as the fields of its
 * created event. Used by `@event` on a class.
 */
export function wrapAggregateClass<C extends abstract new (...args: never[]) => Aggregate>(
  original: C,
  spec: string | AggregateEventClass | undefined,
): C {
  if (!isSubclassOf(original, Aggregate) || original === (Aggregate as unknown)) {
    throw new ProgrammingError(
      `@event on a class needs a subclass of Aggregate, but ${original.name || 'the class'} does not extend Aggregate.`,
    )
  }
  const name = original.name
  const Base = original as unknown as new (...args: unknown[]) => Aggregate
  const replacement = {
    [name]: class extends Base {
      constructor(...args: unknown[]) {
        const target = new.target
        const owner = !constructions.has(target)
        let argument: Record<string, unknown> = {}
        if (owner) {
          argument = checkArgument(`new ${name}()`, args)
          constructions.set(target, { argument })
        }
        applying.depth++
        try {
          super(...args)
        } finally {
          applying.depth--
          if (owner) constructions.delete(target)
        }
        if (owner) internals.recordCreated(this, argument)
      }
    },
  }[name]!
  wrapped.set(replacement, { original, spec })
  replacements.set(original, replacement)
  return replacement as unknown as C
}

/**
 * Records and applies the event of a decorated method. Used by the methods `@event` decorates.
 *
 * @throws {@link ProgrammingError} if `this` is not an aggregate or the argument is not one plain object.
 */
export function triggerDecoratedMethod(aggregate: unknown, method: EventMethod, args: unknown[]): void {
  if (!(aggregate instanceof Aggregate)) {
    throw new ProgrammingError(
      `The method ${method.methodName} is decorated with @event, so it must be called on an aggregate, but ` +
        `it was called on ${describeValue(aggregate)}.`,
    )
  }
  const info = prepareAggregateClass(aggregate.constructor)
  const eventClass = info.methodEvents.get(method.body)
  if (eventClass === undefined) {
    throw new ProgrammingError(
      `The method ${method.methodName} of ${aggregate.constructor.name} has no event class. Was the aggregate ` +
        `class prepared before the method was decorated? Decorate methods in the class body with @event('Name').`,
    )
  }
  const fields = checkArgument(`${aggregate.constructor.name}.${method.methodName}()`, args)
  internals.trigger(aggregate, eventClass, fields)
}

/** Returns the pending events of an aggregate without collecting them (for instrumentation). */
export function peekPendingEvents(aggregate: Aggregate): readonly AggregateEvent[] {
  return internals.pending(aggregate)
}
