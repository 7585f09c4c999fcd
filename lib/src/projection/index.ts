/**
 * `eventsourcing/projection`: subscriptions to an application's events, projections of them into views that
 * record their position with each update (exactly once), and a runner that keeps a view up to date. Uses no
 * Node built-ins; the views of SQLite and PostgreSQL are in `eventsourcing/sqlite` and `eventsourcing/postgres`.
 *
 * @module
 */
export { ApplicationSubscription, subscribe, type SubscribedEvent, type SubscribeOptions } from './subscription.js'
export { handles, Projection } from './projection.js'
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection-runner.js'
export { isProjectionError, ProjectionError, type ProjectionPosition } from './errors.js'
export {
  InMemoryTrackingRecorder,
  isWaitTimeoutError,
  observeViews,
  WaitTimeoutError,
  type Tracking,
  type TrackingRecorder,
  type ViewObserver,
  type WaitOptions,
} from '../persistence/index.js'
