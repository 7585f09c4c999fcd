/**
 * Method decorators that say which class of domain events a method handles: the machinery under the system
 * module's `@policy` and the projection module's `@handles`. A decorator keeps each handler beside the code
 * it runs (as Python's `singledispatchmethod` does) and types the handler's event parameter as the class it
 * names, which a table of handlers keyed by topic strings could not. Handlers are kept in decorator metadata,
 * so a subclass inherits its superclasses' handlers.
 */
import { registry, type DomainEvent } from '../domain/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

// Decorator metadata needs `Symbol.metadata`; the domain's @event sets the same fallback.
;(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata')

/** A class of domain events, as `@policy` and `@handles` take it (`Dog.TrickAdded`, `Dog.Event`, `Aggregate.Event`). */
export type DomainEventClass<E extends DomainEvent = DomainEvent> = abstract new (...args: never[]) => E

/** A method that handles one class of events, with what its decorator passes as the second argument. */
export type EventHandler<E extends DomainEvent = DomainEvent, C = unknown> = (
  domainEvent: E,
  context: C,
) => void | Promise<void>

/** One decorated method. */
export interface EventHandlerRegistration {
  /** The class of events the method handles (and its subclasses). */
  readonly eventClass: DomainEventClass
  /** The method. */
  readonly handler: EventHandler
  /** The method's name, for messages. */
  readonly methodName: string
}

/** What a kind of handler decorator is called and where it is used, for its key and messages. */
export interface HandlerKind {
  /** The metadata key its handlers are kept under. */
  readonly key: symbol
  /** The decorator's name, such as `policy`. */
  readonly decorator: string
  /** The kind of class it decorates methods of, such as `a process application`. */
  readonly owner: string
}

/**
 * Makes a decorator factory of one kind: `@decorator(EventClass)` registers the decorated method as the
 * handler of events of that class.
 */
export function handlerDecorator<C>(kind: HandlerKind) {
  return function <E extends DomainEvent>(eventClass: DomainEventClass<E>) {
    if (typeof eventClass !== 'function') {
      throw new ProgrammingError(
        `@${kind.decorator} takes the class of the events the method handles, such as ` +
          `@${kind.decorator}(Dog.TrickAdded), but was given ${describeValue(eventClass)}. If Dog.TrickAdded is ` +
          `undefined here, declare it on the aggregate (declare static TrickAdded: EventClass<{ trick: string }>) ` +
          `or use Dog.eventClass('TrickAdded').`,
      )
    }
    return function <This extends object>(
      method: (this: This, domainEvent: E, context: C) => void | Promise<void>,
      context: ClassMethodDecoratorContext<This, (this: This, domainEvent: E, context: C) => void | Promise<void>>,
    ): void {
      if (context.kind !== 'method' || context.static || context.private) {
        throw new ProgrammingError(
          `@${kind.decorator}(${eventClass.name}) decorates a public instance method of ${kind.owner}, not ` +
            `${String(context.name)}.`,
        )
      }
      const metadata = context.metadata as Record<PropertyKey, unknown>
      if (!Object.hasOwn(metadata, kind.key)) metadata[kind.key] = []
      ;(metadata[kind.key] as EventHandlerRegistration[]).push({
        eventClass,
        handler: method as EventHandler,
        methodName: String(context.name),
      })
    }
  }
}

const handlersByKey = new Map<symbol, WeakMap<object, readonly EventHandlerRegistration[]>>()

/** Returns the handlers of one kind of a class and its superclasses, the class's own first. */
export function eventHandlers(cls: object, key: symbol): readonly EventHandlerRegistration[] {
  let byClass = handlersByKey.get(key)
  if (byClass === undefined) handlersByKey.set(key, (byClass = new WeakMap()))
  const known = byClass.get(cls)
  if (known) return known
  const handlers: EventHandlerRegistration[] = []
  for (let current: object | null = cls; current !== null && current !== Function.prototype;) {
    const metadata = Object.hasOwn(current, Symbol.metadata)
      ? (current as { [Symbol.metadata]?: Record<PropertyKey, unknown> | null })[Symbol.metadata]
      : undefined
    if (metadata && Object.hasOwn(metadata, key)) handlers.push(...(metadata[key] as EventHandlerRegistration[]))
    current = Object.getPrototypeOf(current) as object | null
  }
  byClass.set(cls, handlers)
  return handlers
}

/** Returns the handler for an event: the one for its very class, else the first whose class it is an instance of. */
export function findEventHandler(
  handlers: readonly EventHandlerRegistration[],
  domainEvent: DomainEvent,
): EventHandlerRegistration | undefined {
  return (
    handlers.find((registration) => registration.eventClass === domainEvent.constructor) ??
    handlers.find((registration) => domainEvent instanceof (registration.eventClass as unknown as typeof Object))
  )
}

/**
 * Returns the topics of the registered event classes that the handlers take, so that a reader of a log need
 * not read other notifications at all; `undefined` (read everything) if there are no handlers or no registered
 * class is handled yet. Worked out again only when classes were registered (or the registry reset) since the
 * last call with the same `memo`.
 */
export function handledTopics(
  handlers: readonly EventHandlerRegistration[],
  memo: { key?: string; topics?: string[] | undefined },
): string[] | undefined {
  if (handlers.length === 0) return undefined
  const key = `${registry.generation}:${registry.size}`
  if (memo.key === key) return memo.topics
  const topics: string[] = []
  for (const topic of registry.topics) {
    const cls = registry.resolve(topic) as { prototype?: unknown }
    const handled = handlers.some(
      ({ eventClass }) =>
        cls === eventClass ||
        (typeof cls === 'function' && cls.prototype instanceof (eventClass as unknown as typeof Object)),
    )
    if (handled) topics.push(topic)
  }
  memo.key = key
  memo.topics = topics.length > 0 ? topics : undefined
  return memo.topics
}
