/**
 * The `@policy(EventClass)` method decorator: how a process application says which upstream events it reacts
 * to, and with which method. See `event-handlers.ts` in the application module for why it is a decorator.
 */
import {
  eventHandlers,
  handlerDecorator,
  type DomainEventClass,
  type EventHandlerRegistration,
  type ProcessingEvent,
} from '../application/index.js'
import type { DomainEvent } from '../domain/index.js'

export type { DomainEventClass }

/** A method that handles one class of upstream events. */
export type PolicyHandler<E extends DomainEvent = DomainEvent> = (
  domainEvent: E,
  processingEvent: ProcessingEvent,
) => void | Promise<void>

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
export const policy = handlerDecorator<ProcessingEvent>({
  key: POLICIES,
  decorator: 'policy',
  owner: 'a process application',
})

/** Returns the `@policy` handlers of a class and its superclasses, the class's own first. */
export function policyHandlers(cls: object): readonly EventHandlerRegistration[] {
  return eventHandlers(cls, POLICIES)
}
