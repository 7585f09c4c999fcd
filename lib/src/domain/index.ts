/**
 * `eventsourcing/domain`: aggregates, the `@event` decorator, domain events, ids and topics.
 * Uses no Node built-ins, so it runs unchanged in browsers and workers.
 */
export { Aggregate, type AggregateClass } from './aggregate.js'
export type { AggregateEventClass, CreatedEventClass, EventClass } from './aggregate-classes.js'
export { event, type EventDecorator } from './event.js'
export {
  AggregateCreated,
  AggregateEvent,
  DomainEvent,
  type CreatedEventProperties,
  type DomainEventProperties,
} from './events.js'
export { canonicalUuid, isUuid, NAMESPACE_URL, uuid4, uuid5 } from './ids.js'
export { observeAggregates, type AggregateObserver } from './instrumentation.js'
export { registry, stableNameOf, TopicRegistry } from './topics.js'
export { Snapshot, SNAPSHOT_TOPIC } from './snapshot.js'
export {
  isOriginatorIdError,
  isOriginatorVersionError,
  isTopicError,
  OriginatorIdError,
  OriginatorVersionError,
  TopicError,
} from './errors.js'
export {
  EventSourcingError,
  isEventSourcingError,
  isProgrammingError,
  ProgrammingError,
  type EventSourcingErrorOptions,
} from '../utils/errors.js'
