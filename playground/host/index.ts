// Pure.
/** The host side of a run: one module drives a run's worker for the page and for `tutorial-tests` alike. */
export {
  createRunHost,
  type HostedRun,
  type HostedRunResult,
  type RunHost,
  type RunHostOptions,
  type WorkerListener,
  type WorkerPort,
} from './run-host'
export { observedModules, runtimeModuleNames } from './module-names'
export {
  serveDatabases,
  TRANSACTION_LEASE_MS,
  type DatabaseServer,
  type DatabaseTransaction,
  type ServedDatabase,
} from './database-server'
