/**
 * How aggregate classes get their event classes. Each aggregate class is "prepared" once (when `@event`
 * decorates it, or at its first use): its event classes are made, attached as static properties
 * (`Dog.TrickAdded`) and their topics registered, all or nothing. `@event` on a class wraps it so that
 * the constructor's object argument is recorded as the created event's fields.
 */
import { Aggregate } from './aggregate.js'
import { AggregateCreated, AggregateEvent, markFieldless, type DomainEventProperties } from './events.js'
import { aggregateInternals, applying, constructions, eventOwners, replaying, setEventBody } from './hooks.js'
import { registerOwnTopic, registry, stableNameOf } from './topics.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'
import { cloneValue } from '../utils/values.js'

/** A class of aggregate events, as made by `@event` or declared explicitly, with its `create` factory. */
export type AggregateEventClass<E extends AggregateEvent = AggregateEvent> = (abstract new (
  properties: DomainEventProperties & Record<string, unknown>,
) => E) & { create(properties: DomainEventProperties & Record<string, unknown>): E }

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

/** What preparing an aggregate class works out once: its topic, its event classes and how it records. */
export interface ClassInfo {
  topic: string
  /** Every (topic, class) pair the class registered, to register again after a registry reset. */
  registrations: [string, object][]
  generation: number
  eventBase: AggregateEventClass
  createdClass: AggregateEventClass<AggregateCreated>
  methodEvents: Map<EventMethod['body'], AggregateEventClass>
  /** Every event class of the aggregate class by name, inherited ones included. */
  eventClasses: Map<string, AggregateEventClass>
  recordsConstructorArgument: boolean
}

const infos = new WeakMap<object, ClassInfo>()
const wrapped = new WeakMap<object, { original: object; spec: string | AggregateEventClass | undefined }>()
const replacements = new WeakMap<object, object>()
const eventBaseOwners = new WeakMap<object, object>()
const EVENT_NAME = /^[A-Z][A-Za-z0-9_]*$/

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

function checkOwner(eventClass: object, owner: object): void {
  const current = eventOwners.get(eventClass)
  if (current !== undefined && current !== owner) {
    throw new ProgrammingError(
      `The event class ${(eventClass as { name: string }).name} already belongs to the aggregate class ` +
        `${(current as { name: string }).name}, so it cannot also be an event of ${(owner as { name: string }).name}. ` +
        `Declare a separate event class for each aggregate.`,
    )
  }
}

/** Registers every topic of a class, or none: a topic taken by another class fails before any is registered. */
function registerAll(registrations: readonly [string, object][]): void {
  for (const [topic, cls] of registrations) {
    if (registry.has(topic) && registry.resolve(topic) !== cls) registry.register(topic, cls)
  }
  for (const [topic, cls] of registrations) registerOwnTopic(topic, cls)
}

function checkStaticName(cls: object, name: string, eventClass: object): void {
  const existing = (cls as Record<string, unknown>)[name]
  if (existing !== undefined && existing !== eventClass && !isSubclassOf(existing, AggregateEvent)) {
    throw new ProgrammingError(
      `The event name '${name}' clashes with the static member ${(cls as { name: string }).name}.${name}. ` +
        `Choose another event name.`,
    )
  }
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
  registrations: [
    ['Aggregate', Aggregate],
    ['Aggregate.Created', AggregateCreated],
  ],
  generation: registry.generation,
  eventBase: AggregateEvent,
  createdClass: AggregateCreated,
  methodEvents: new Map(),
  eventClasses: new Map([['Created', AggregateCreated]]),
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
  if (known) {
    if (known.generation !== registry.generation) {
      registerAll(known.registrations)
      known.generation = registry.generation
    }
    return known
  }
  const replacement = replacements.get(cls)
  if (replacement) return prepareAggregateClass(replacement)
  if (cls === Aggregate) {
    const info = baseInfo()
    registerAll(info.registrations)
    eventOwners.set(AggregateCreated, Aggregate)
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
  const ownTopic = Object.hasOwn(defining, 'topic') ? (defining as { topic?: unknown }).topic : undefined
  const topic = stableNameOf(defining, ownTopic, `the aggregate class ${defining.name}`)
  const what = (member: string) => `${member} of ${topic}`

  const eventBase = makeEventBase(cls, parentInfo.eventBase)
  const createdSpec = wrap?.spec ?? 'Created'
  const createdName = eventNameOf(createdSpec, what('the created event'))
  let createdClass: AggregateEventClass<AggregateCreated>
  if (typeof createdSpec === 'string') {
    createdClass = named(createdName, class extends AggregateCreated {}) as AggregateEventClass<AggregateCreated>
    markFieldless(createdClass)
  } else if (isSubclassOf(createdSpec, AggregateCreated)) {
    createdClass = createdSpec as AggregateEventClass<AggregateCreated>
  } else {
    throw new ProgrammingError(
      `@event(${createdSpec.name}) on the class ${topic} needs a created event class, one that extends ` +
        `Aggregate.Created; ${createdSpec.name} does not.`,
    )
  }
  checkOwner(createdClass, cls)
  const registrations: [string, object][] = [[`${topic}.${createdName}`, createdClass]]
  const statics: [string, AggregateEventClass][] = createdName === 'Created' ? [] : [[createdName, createdClass]]

  const methodEvents = new Map(parentInfo.methodEvents)
  const eventClasses = new Map(parentInfo.eventClasses)
  eventClasses.set('Created', createdClass).set(createdName, createdClass)
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
      markFieldless(eventClass)
    } else if (isSubclassOf(method.spec, AggregateEvent) && !isSubclassOf(method.spec, AggregateCreated)) {
      eventClass = method.spec
    } else {
      throw new ProgrammingError(
        `@event(${method.spec.name}) on the method ${method.methodName} needs an event class that extends ` +
          `Aggregate.Event and not Aggregate.Created.`,
      )
    }
    checkOwner(eventClass, cls)
    registrations.push([`${topic}.${name}`, eventClass])
    statics.push([name, eventClass])
    eventClasses.set(name, eventClass)
    methodEvents.set(method.body, eventClass)
  }
  registrations.push([topic, cls])

  for (const [name, eventClass] of statics) checkStaticName(cls, name, eventClass)
  registerAll(registrations)
  for (const [name, eventClass] of statics) {
    Object.defineProperty(cls, name, { value: eventClass, configurable: true, writable: true })
  }
  for (const [, registered] of registrations) if (registered !== cls) eventOwners.set(registered, cls)
  for (const [body, eventClass] of methodEvents) if (eventOwners.get(eventClass) === cls) setEventBody(eventClass, body)
  const info: ClassInfo = {
    topic,
    registrations,
    generation: registry.generation,
    eventBase,
    createdClass,
    methodEvents,
    eventClasses,
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
        const owner = replaying.cls !== target && !constructions.has(target)
        let argument: Record<string, unknown> = {}
        if (owner) {
          argument = checkArgument(`new ${name}()`, args)
          constructions.set(target, { argument })
        }
        applying.depth++
        try {
          // The constructor gets its own copy of the argument, as a decorated method's body does, so that the
          // caller changing its objects later cannot change the aggregate without an event.
          if (owner && args.length === 1) super(cloneValue(argument))
          else super(...args)
        } finally {
          applying.depth--
          if (owner) constructions.delete(target)
        }
        if (owner) aggregateInternals.recordCreated!(this, argument)
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
  aggregateInternals.trigger!(aggregate, eventClass, fields)
}

/**
 * The type of an event class whose events have the fields `F`, for declaring the static event classes
 * that `@event` adds: `declare static TrickAdded: EventClass<{ trick: string }>`.
 */
export type EventClass<F extends object = object> = AggregateEventClass<AggregateEvent & Readonly<F>>

/** The type of a created event class whose events have the fields `F`. */
export type CreatedEventClass<F extends object = object> = AggregateEventClass<AggregateCreated & Readonly<F>>
