/**
 * `eventsourcing/application`: the application base class, its repository and notification log.
 * Uses no Node built-ins.
 */
export { Application, type ApplicationOptions } from './application.js'
export { Repository, type GetOptions } from './repository.js'
export { NotificationLog } from './notification-log.js'
export { observeApplications, type ApplicationObserver } from './instrumentation.js'
export { AggregateNotFoundError, isAggregateNotFoundError } from './errors.js'
export { Environment, type EnvironmentValues } from '../utils/environment.js'
