/**
 * The `@policy(EventClass)` method decorator: how a process application says which upstream events it reacts
 * to, and with which method. A decorator keeps each handler beside the code it runs (as Python's
 * `singledispatchmethod` does) and types the handler's event parameter as the class it names, which a table
 * of handlers keyed by topic strings could not.
 */
import type { DomainEvent } from '../domain/index.js'
import type { ProcessingEvent } from '../application/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

// Decorator metadata needs `Symbol.metadata`; the domain's @event sets the same fallback.
;(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata')

/** A class of domain events, as `@policy` takes it (`Dog.TrickAdded`, `Dog.Event`, `Aggregate.Event`). */
export type DomainEventClass<E extends DomainEvent = DomainEvent> = abstract new (...args: never[]) => E

/** A method that handles one class of upstream events. */
export type PolicyHandler<E extends DomainEvent = DomainEvent> = (
  domainEvent: E,
  processingEvent: ProcessingEvent,
) => void | Promise<void>

/** One method decorated with `@policy`. */
export interface PolicyRegistration {
  /** The class of events the method handles (and its subclasses). */
  readonly eventClass: DomainEventClass
  /** The method. */
  readonly handler: PolicyHandler
  /** The method's name, for messages. */
  readonly methodName: string
}

const POLICIES: unique symbol = Symbol('eventsourcing.policies')

/**
 * Makes the decorated method the handler of upstream events of `eventClass` (and of its subclasses): a
 * process application's default `policy` calls it with the event and the processing event, whose
 * `collectEvents` gathers the new events to record. Events no handler takes are ignored.
 *
 * @throws {@link ProgrammingError} if the argument is not an event class, or the decorator is not on an
 *   instance method.
 * @example
 * ```ts
 * class Counters extends ProcessApplication {
 *   @policy(Dog.TrickAdded)
 *   async countTrick(event: InstanceType<typeof Dog.TrickAdded>, processing: ProcessingEvent) {
 *     const counter = await this.counterFor(event.trick)
 *     counter.increment()
 *     processing.collectEvents(counter)
 *   }
 * }
 * ```
 */
export function policy<E extends DomainEvent>(eventClass: DomainEventClass<E>) {
  if (typeof eventClass !== 'function') {
    throw new ProgrammingError(
      `@policy takes the class of the events the method handles, such as @policy(Dog.TrickAdded), but was ` +
        `given ${describeValue(eventClass)}. If Dog.TrickAdded is undefined here, declare it on the aggregate ` +
        `(declare static TrickAdded: EventClass<{ trick: string }>) or use Dog.eventClass('TrickAdded').`,
    )
  }
  return function <This extends object>(
    method: (this: This, domainEvent: E, processingEvent: ProcessingEvent) => void | Promise<void>,
    context: ClassMethodDecoratorContext<
      This,
      (this: This, domainEvent: E, processingEvent: ProcessingEvent) => void | Promise<void>
    >,
  ): void {
    if (context.kind !== 'method' || context.static || context.private) {
      throw new ProgrammingError(
        `@policy(${eventClass.name}) decorates a public instance method of a process application, not ` +
          `${String(context.name)}.`,
      )
    }
    const metadata = context.metadata as Record<PropertyKey, unknown>
    if (!Object.hasOwn(metadata, POLICIES)) metadata[POLICIES] = []
    ;(metadata[POLICIES] as PolicyRegistration[]).push({
      eventClass,
      handler: method as PolicyHandler,
      methodName: String(context.name),
    })
  }
}

const handlersByClass = new WeakMap<object, readonly PolicyRegistration[]>()

/** Returns the `@policy` handlers of a class and its superclasses, the class's own first. */
export function policyHandlers(cls: object): readonly PolicyRegistration[] {
  const known = handlersByClass.get(cls)
  if (known) return known
  const handlers: PolicyRegistration[] = []
  for (let current: object | null = cls; current !== null && current !== Function.prototype;) {
    const metadata = Object.hasOwn(current, Symbol.metadata)
      ? (current as { [Symbol.metadata]?: Record<PropertyKey, unknown> | null })[Symbol.metadata]
      : undefined
    if (metadata && Object.hasOwn(metadata, POLICIES)) handlers.push(...(metadata[POLICIES] as PolicyRegistration[]))
    current = Object.getPrototypeOf(current) as object | null
  }
  handlersByClass.set(cls, handlers)
  return handlers
}

/** Returns the handler for an event: the one for its very class, else the first whose class it is an instance of. */
export function findHandler(
  handlers: readonly PolicyRegistration[],
  domainEvent: DomainEvent,
): PolicyRegistration | undefined {
  return (
    handlers.find((registration) => registration.eventClass === domainEvent.constructor) ??
    handlers.find((registration) => domainEvent instanceof (registration.eventClass as unknown as typeof Object))
  )
}
