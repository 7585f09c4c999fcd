// Worker.
/**
 * The runtime a run's worker executes around the reader's program. The browser's worker is `web-worker.ts`
 * (loaded by URL, so not exported); other hosts wrap `handleHostMessage` in their own `RuntimeHost`.
 */
export { formatArgs, formatValue, type FormatOptions } from './format-value'
export { isAssertionFailure, runTests, TEST_REGISTRY, type RegisteredTest, type TestOutcome } from './grade'
export { JSON_LIMITS, toJsonData, type JsonLimits } from './json-data'
export { EXPLORER_LIMITS, observeRun, type ExplorerLimits, type ObserveOptions, type RunObserver } from './run-observer'
export { handleHostMessage, type RuntimeHost } from './runtime'
export { connectDatabases, type DatabaseClient, type RemotePglite, type RemoteTransaction } from './remote-pglite'
