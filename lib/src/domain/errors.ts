import { EventSourcingError, errorGuard } from '../utils/errors.js'

/** Thrown when a topic names no registered class, or a second class claims a topic that is taken. */
export class TopicError extends EventSourcingError {
  override name = 'TopicError'
}

/** Thrown when an event is applied to an aggregate whose id is not the event's originator id. */
export class OriginatorIdError extends EventSourcingError {
  override name = 'OriginatorIdError'
}

/** Thrown when an event's originator version is not the next version of the aggregate it is applied to. */
export class OriginatorVersionError extends EventSourcingError {
  override name = 'OriginatorVersionError'
}

/** Tells whether a value is a {@link TopicError}. */
export const isTopicError = errorGuard(TopicError)
/** Tells whether a value is an {@link OriginatorIdError}. */
export const isOriginatorIdError = errorGuard(OriginatorIdError)
/** Tells whether a value is an {@link OriginatorVersionError}. */
export const isOriginatorVersionError = errorGuard(OriginatorVersionError)
