/**
 * How aggregate classes get their event classes. Each aggregate class is "prepared" once (when `@event`
 * decorates it, or at its first use): its event classes are made, attached as static properties
 * (`Dog.TrickAdded`) and their topics registered, all or nothing. `@event` on a class wraps it so that
 * the constructor's object argument is recorded as the created event's fields.
 *
 * This file imports no aggregate: `Aggregate` imports it, and hands it the base class once, by
 * {@link registerAggregateBase}, so that the imports point one way.
 */
import type { Aggregate } from './aggregate.js'
import {
  AggregateCreated,
  AggregateEvent,
  eventOwners,
  markFieldless,
  setEventBody,
  type DomainEventProperties,
} from './events.js'
import { checkClassVersion } from './class-versions.js'
import { applying, constructions, replaying } from './in-progress.js'
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

/**
 * The base class of aggregates, as `Aggregate` registered itself: it does so while its module is evaluated,
 * which is before anything can call into this file.
 */
let base!: typeof Aggregate

/**
 * Tells the class machinery which class is the base of every aggregate class. `Aggregate` calls this once, as
 * its class is defined, so that this file needs no import of it.
 */
export function registerAggregateBase(cls: typeof Aggregate): void {
  base = cls
}

/**
 * Registers the topics of an aggregate class and of its event classes, as the class's first use (constructing
 * an aggregate, or `@event` on the class) does. The repository calls it, so that `repository.get(id, Dog)` can
 * read the events of a class this program has not used yet; call it yourself before reading such events some
 * other way, such as from an event store or a notification log.
 *
 * @throws {@link ProgrammingError} if `cls` is not a subclass of `Aggregate`, or its event names are not valid.
 * @throws {@link TopicError} if another class already has one of the class's topics.
 * @example
 * ```ts
 * registerAggregateClass(Dog)
 * const events = await app.eventStore.get(dogId) // Dog.Registered, Dog.TrickAdded, …
 * ```
 */
export function registerAggregateClass(cls: abstract new (...args: never[]) => Aggregate): void {
  if (!isSubclassOf(cls, base)) {
    throw new ProgrammingError(
      `registerAggregateClass() takes an aggregate class, but ${describeValue(cls)} does not extend Aggregate.`,
    )
  }
  prepareAggregateClass(cls)
}

function named<T extends abstract new (...args: never[]) => unknown>(name: string, cls: T): T {
  Object.defineProperty(cls, 'name', { value: name })
  return cls
}

function isSubclassOf(cls: unknown, parent: object): boolean {
  return cls === parent || (typeof cls === 'function' && cls.prototype instanceof (parent as typeof Object))
}

function makeEventBase(owner: object, parent: AggregateEventClass): AggregateEventClass {
  const eventBase = named(
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
  eventBaseOwners.set(eventBase, owner)
  return eventBase as unknown as AggregateEventClass
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

/**
 * Registers every topic of a class, or none: a topic taken by another class, or a class whose upcasters do not
 * reach its version, fails before any is registered.
 */
function registerAll(registrations: readonly [string, object][]): void {
  for (const [, cls] of registrations) checkClassVersion(cls)
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

/** What the base class has: the `Aggregate` topic and the plain created event, and no methods. */
function baseInfo(): ClassInfo {
  return {
    topic: 'Aggregate',
    registrations: [
      ['Aggregate', base],
      ['Aggregate.Created', AggregateCreated],
    ],
    generation: registry.generation,
    eventBase: AggregateEvent,
    createdClass: AggregateCreated,
    methodEvents: new Map(),
    eventClasses: new Map([['Created', AggregateCreated]]),
    recordsConstructorArgument: false,
  }
}

/** The event classes a class is making, as its preparation goes along, with what is still to be registered. */
interface EventClassesInMaking {
  readonly topic: string
  readonly registrations: [string, object][]
  /** The classes to attach as static properties, by name. */
  readonly statics: [string, AggregateEventClass][]
  readonly eventClasses: Map<string, AggregateEventClass>
  readonly methodEvents: Map<EventMethod['body'], AggregateEventClass>
  /** The event names the class itself has given so far, each of which it may give once. */
  readonly names: Set<string>
}

/**
 * Makes a class's event classes and registers its topics, once; later calls return what the first made (and
 * register it again if the registry was reset since).
 *
 * @throws {@link ProgrammingError} if an event name is invalid or used twice, or the class has no stable name.
 * @throws {@link TopicError} if another class already has the class's topic.
 */
export function prepareAggregateClass(cls: object): ClassInfo {
  const known = infos.get(cls)
  if (known) return registeredAgain(known)
  const replacement = replacements.get(cls)
  if (replacement) return prepareAggregateClass(replacement)
  const info = cls === base ? baseInfo() : prepareSubclass(cls)
  if (cls === base) {
    registerAll(info.registrations)
    eventOwners.set(AggregateCreated, base)
  }
  infos.set(cls, info)
  return info
}

/** Registers a prepared class's topics again when the registry was reset since it was prepared. */
function registeredAgain(info: ClassInfo): ClassInfo {
  if (info.generation !== registry.generation) {
    registerAll(info.registrations)
    info.generation = registry.generation
  }
  return info
}

/** Prepares a subclass of `Aggregate`: its parent first, then its created event class, then its methods' classes. */
function prepareSubclass(cls: object): ClassInfo {
  const wrap = wrapped.get(cls)
  const defining = (wrap?.original ?? cls) as typeof Aggregate
  const parent = Object.getPrototypeOf(defining) as object
  if (!isSubclassOf(parent, base)) {
    throw new ProgrammingError(`${defining.name} is not a subclass of Aggregate, so it cannot record events.`)
  }
  const parentInfo = parent === base ? baseInfo() : prepareAggregateClass(parent)
  // A class decorator's class gets the decorated class's static fields (compilers differ on which): look at both.
  const holder = [cls, defining].find((candidate) => Object.hasOwn(candidate, 'topic'))
  const ownTopic = holder === undefined ? undefined : (holder as { topic?: unknown }).topic
  const topic = stableNameOf(defining, ownTopic, `the aggregate class ${defining.name}`)
  const eventBase = makeEventBase(cls, parentInfo.eventBase)
  const making: EventClassesInMaking = {
    topic,
    registrations: [],
    statics: [],
    eventClasses: new Map(parentInfo.eventClasses),
    methodEvents: new Map(parentInfo.methodEvents),
    names: new Set(),
  }
  const createdClass = makeCreatedClass(cls, wrap?.spec ?? 'Created', making)
  // Standard decorators put the metadata on the class a class decorator returns; compilers differ.
  const ownMethods = ownEventMethods(defining).length > 0 ? ownEventMethods(defining) : ownEventMethods(cls)
  makeMethodEventClasses(cls, eventBase, ownMethods, making)
  making.registrations.push([topic, cls])
  attach(cls, making)
  return {
    topic,
    registrations: making.registrations,
    generation: registry.generation,
    eventBase,
    createdClass,
    methodEvents: making.methodEvents,
    eventClasses: making.eventClasses,
    recordsConstructorArgument: wrap !== undefined || parentInfo.recordsConstructorArgument,
  }
}

/** Makes (or checks) the class's created event class, named by the class decorator or `Created`. */
function makeCreatedClass(
  cls: object,
  spec: string | AggregateEventClass,
  making: EventClassesInMaking,
): AggregateEventClass<AggregateCreated> {
  const { topic } = making
  const name = eventNameOf(spec, `the created event of ${topic}`)
  let createdClass: AggregateEventClass<AggregateCreated>
  if (typeof spec === 'string') {
    createdClass = named(name, class extends AggregateCreated {}) as AggregateEventClass<AggregateCreated>
    markFieldless(createdClass)
  } else if (isSubclassOf(spec, AggregateCreated)) {
    createdClass = spec as AggregateEventClass<AggregateCreated>
  } else {
    throw new ProgrammingError(
      `@event(${spec.name}) on the class ${topic} needs a created event class, one that extends ` +
        `Aggregate.Created; ${spec.name} does not.`,
    )
  }
  checkOwner(createdClass, cls)
  making.registrations.push([`${topic}.${name}`, createdClass])
  if (name !== 'Created') making.statics.push([name, createdClass])
  making.eventClasses.set('Created', createdClass).set(name, createdClass)
  making.names.add(name)
  return createdClass
}

/** Makes (or checks) the event class of each of the class's own decorated methods. */
function makeMethodEventClasses(
  cls: object,
  eventBase: AggregateEventClass,
  methods: readonly EventMethod[],
  making: EventClassesInMaking,
): void {
  const { topic, names } = making
  for (const method of methods) {
    const name = eventNameOf(method.spec, `the method ${method.methodName} of ${topic}`)
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
    making.registrations.push([`${topic}.${name}`, eventClass])
    making.statics.push([name, eventClass])
    making.eventClasses.set(name, eventClass)
    making.methodEvents.set(method.body, eventClass)
  }
}

/**
 * Registers the class's topics and attaches its event classes, once every check has passed: the static
 * properties (`Dog.TrickAdded`), which class owns each event class, and which body applies each one's events.
 */
function attach(cls: object, making: EventClassesInMaking): void {
  for (const [name, eventClass] of making.statics) checkStaticName(cls, name, eventClass)
  registerAll(making.registrations)
  for (const [name, eventClass] of making.statics) {
    Object.defineProperty(cls, name, { value: eventClass, configurable: true, writable: true })
  }
  for (const [, registered] of making.registrations) if (registered !== cls) eventOwners.set(registered, cls)
  for (const [body, eventClass] of making.methodEvents) {
    if (eventOwners.get(eventClass) === cls) setEventBody(eventClass, body)
  }
}

/**
 * Returns a decorated method's or constructor's argument, once it is checked to be one plain object (or none).
 *
 * @throws {@link ProgrammingError} if there is more than one argument, or it is not a plain object.
 */
export function checkArgument(what: string, args: unknown[]): Record<string, unknown> {
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
 * created event (the `Aggregate` constructor records it, from {@link constructions}). Used by `@event` on a class.
 */
export function wrapAggregateClass<C extends abstract new (...args: never[]) => Aggregate>(
  original: C,
  spec: string | AggregateEventClass | undefined,
): C {
  if (!isSubclassOf(original, base) || original === (base as unknown)) {
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
          constructions.set(target, { argument, recorded: false })
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
      }
    },
  }[name]!
  wrapped.set(replacement, { original, spec })
  replacements.set(original, replacement)
  return replacement as unknown as C
}

/**
 * The type of an event class whose events have the fields `F`, for declaring the static event classes
 * that `@event` adds: `declare static TrickAdded: EventClass<{ trick: string }>`.
 */
export type EventClass<F extends object = object> = AggregateEventClass<AggregateEvent & Readonly<F>>

/** The type of a created event class whose events have the fields `F`. */
export type CreatedEventClass<F extends object = object> = AggregateEventClass<AggregateCreated & Readonly<F>>
