/**
 * `eventsourcing/system`: process applications that follow other applications and react to their events
 * exactly once, systems of applications, and runners that run them. Uses no Node built-ins.
 *
 * @module
 */
export { ProcessApplication, type PullOptions } from './process-application.js'
export { policy, type DomainEventClass, type PolicyHandler } from './policy.js'
export { System, type ApplicationClass, type SystemOptions } from './system.js'
export { Runner, type RunnerOptions } from './runner.js'
export { SingleThreadedRunner } from './single-threaded-runner.js'
export { ConcurrentRunner, type WaitOptions } from './concurrent-runner.js'
export { isProcessingError, ProcessingError, type ProcessingPosition } from './errors.js'
export { ProcessingEvent } from '../application/index.js'
