/**
 * `eventsourcing/multiprocess`: the multi-process runner, which runs each follower of a system in a worker
 * thread of its own, reading its leaders' durable stores (SQLite files or PostgreSQL). Node only.
 *
 * @module
 */
export { MultiprocessRunner, type FollowerPositions, type MultiprocessRunnerOptions } from './multiprocess-runner.js'
