/**
 * `eventsourcing/application`: the application base class, its repository and notification log.
 * Uses no Node built-ins.
 *
 * @module
 */
export { Application, IS_SNAPSHOTTING_ENABLED, type ApplicationOptions, type RecordedListener } from './application.js'
export { ProcessingEvent } from './processing-event.js'
export { Repository, type GetOptions, type RepositoryStores } from './repository.js'
export { NotificationLog } from './notification-log.js'
export { readLogPage, type LogPage, type ReadableLog } from './log-reader.js'
export { LogWatch, type WatchIntervals } from './log-watch.js'
export {
  eventHandlers,
  findEventHandler,
  handledTopics,
  handlerDecorator,
  type DomainEventClass,
  type EventHandler,
  type EventHandlerRegistration,
  type HandlerKind,
} from './event-handlers.js'
export { observeApplications, type ApplicationObserver } from './application-observers.js'
export { AggregateNotFoundError, isAggregateNotFoundError } from './errors.js'
export { Environment, type EnvironmentValues } from '../utils/environment.js'
