/**
 * `eventsourcing/domain`: aggregates, the `@event` decorator, domain events, ids and topics.
 * Uses no Node built-ins, so it runs unchanged in browsers and workers.
 */
export { Aggregate, type AggregateClass } from './aggregate.js'
export {
  registerAggregateClass,
  type AggregateEventClass,
  type CreatedEventClass,
  type EventClass,
} from './aggregate-classes.js'
export { event, type EventDecorator } from './event.js'
export {
  AggregateCreated,
  AggregateEvent,
  DomainEvent,
  eventFields,
  RESERVED_EVENT_PROPERTIES,
  type CreatedEventProperties,
  type DomainEventProperties,
} from './events.js'
export { canonicalUuid, isUuid, NAMESPACE_URL, uuid4, uuid5 } from './ids.js'
export { observeAggregates, type AggregateObserver } from './aggregate-observers.js'
export { registry, stableNameOf, TopicRegistry } from './topics.js'
export { Snapshot, SNAPSHOT_TOPIC } from './snapshot.js'
export { CLASS_VERSION, classVersionOf, upcastState, type Upcaster } from './class-versions.js'
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
