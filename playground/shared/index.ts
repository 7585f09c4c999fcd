// Pure.
/** What the page, the worker, the build and `tutorial-tests` share: the worker protocol, limits, strings, fences. */
export type {
  AggregateHistory,
  ApplicationLog,
  EventRow,
  ExplorerData,
  Json,
  LeaderPosition,
  ReplayProblem,
  UnsavedAggregate,
  VersionState,
  ViewSnapshot,
} from './explorer-data'
export { COLLECT_GRACE_MS, DEFAULT_MAX_OUTPUT_LINES, DEFAULT_TIME_LIMIT_MS } from './limits'
export { messages } from './messages'
export type {
  ConsoleLevel,
  Diagnostic,
  ExplorerDataMessage,
  HostMessage,
  ObserveRequest,
  PartLabel,
  PartSpan,
  RunEvent,
  RunOutcome,
  RunRequest,
  SerializedError,
  TestResult,
  WorkerMessage,
} from './protocol'
export {
  chainOf,
  DEFAULT_GROUP,
  isExerciseFence,
  isOutputFence,
  isRunnableFence,
  normalizeOutput,
  parseFences,
  parseMeta,
  parseSnippets,
  SnippetError,
  type Exercise,
  type ExerciseFile,
  type Fence,
  type FenceOptions,
  type PageSnippets,
  type RunnableBlock,
} from './snippets'
export type { MessageChannelLike } from './database-protocol'
