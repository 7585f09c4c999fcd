// Pure.
/**
 * The messages between the page and a run's worker (and between `tutorial-tests` and its Node worker), in one
 * place. Pure types, no code: the browser worker, the Node worker and the output panel all speak this protocol.
 *
 * A run: the host sends `preload` (while the worker waits, ahead of the click), then `run`; the worker answers
 * with `console`, `error` and `test` messages as the program runs, then (when asked to observe the run for the
 * event explorer, and the run made an application or left unsaved events) one `explorer-data` message, and ends
 * with `done` (or `output-capped`, after which the host stops it). At the time limit the host may send `collect`
 * and wait a moment for the `explorer-data` message before it stops the worker. The host adds its own events (`RunEvent`):
 * `compile-error`, `timeout` and `aborted`, when it stopped the worker.
 */
import type { ExplorerData } from './explorer-data'

/** Where a block sits in the program. */
export interface PartSpan {
  /** The block's index in the chain. */
  part: number
  /** The program line of the block's first line. */
  startLine: number
  lineCount: number
  /** How many characters the block marker adds before the block's first line. */
  firstLineOffset: number
}

/** A problem found before or while compiling, at a position in a block (1-based line and column). */
export interface Diagnostic {
  message: string
  part: number
  line: number
  column: number
}

/** The console method a line was printed with. */
export type ConsoleLevel = 'log' | 'info' | 'debug' | 'warn' | 'error'

/** An error, as data: it crosses the worker boundary. `line` and `column` are in the block `part` of the chain. */
export interface SerializedError {
  name: string
  message: string
  /** The stack with positions rewritten to the blocks (`this block:3:7`); empty if there is none. */
  stack: string
  /** The chain block of the first stack frame in the reader's code, if any. */
  part?: number
  /** 1-based line of that frame in its block. */
  line?: number
  /** 1-based column of that frame. */
  column?: number
}

/** How one test registered with `test(name, fn)` went. */
export interface TestResult {
  name: string
  /** `pass`; `fail`: an assertion failed; `error`: anything else was thrown. */
  status: 'pass' | 'fail' | 'error'
  error?: SerializedError
  durationMs: number
}

/** How a block is named in stack traces: `${label}:${lineOffset + line}:${column}`. */
export interface PartLabel {
  label: string
  lineOffset: number
}

/** What the worker needs to run a compiled chain. */
export interface RunRequest {
  /** The compiled ES module. */
  code: string
  /** Its source map (JSON), to turn stack positions back into block positions. */
  map: string
  spans: PartSpan[]
  /** One label per block of the chain. */
  labels: PartLabel[]
  /**
   * The runtime modules' URLs and the specifiers they stand for, to name them in messages; `null` for modules
   * whose stack frames are left out (the playground's assert and test modules, as Node leaves out its own).
   */
  moduleNames: Record<string, string | null>
  /** Lines of output after which the program is stopped. */
  maxOutputLines: number
  /** Describe the run's applications and aggregates for the event explorer (`explorer-data` message). */
  observe?: ObserveRequest
  /**
   * The name of the page's database channel (`shared/database-protocol.ts`), where the run finds the page's
   * PostgreSQL databases; without it, `eventsourcing/pglite` opens its databases in the run's own worker.
   */
  databaseChannel?: string
}

/** Where the worker finds the library's instrumentation points, and which blocks' unsaved events it reports. */
export interface ObserveRequest {
  /** The URL of `eventsourcing/domain` the program imports (the same copy of the library). */
  domain: string
  /** The URL of `eventsourcing/application` the program imports. */
  application: string
  /**
   * The URL of `eventsourcing/persistence` the program imports, for `observeViews` (which `eventsourcing/projection`
   * re-exports: the observer takes it from persistence, so that observing a run never needs the projection module).
   */
  persistence: string
  /** The first block of the chain whose unsaved events are reported. */
  unsavedFromPart: number
}

/** Host → worker. `collect` asks a run that reached its time limit for its `explorer-data` message. */
export type HostMessage =
  { type: 'preload'; urls: string[] } | { type: 'run'; request: RunRequest } | { type: 'collect' }

/** The Events and Aggregates tabs' data: the run's applications and aggregates (`worker/run-observer.ts`). */
export interface ExplorerDataMessage {
  type: 'explorer-data'
  data: ExplorerData
}

/** Worker → host. `part` is the chain block that was running when the message was sent. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'console'; level: ConsoleLevel; text: string; part: number }
  | { type: 'error'; kind: 'uncaught' | 'unhandled-rejection'; error: SerializedError; part: number }
  | { type: 'test'; result: TestResult }
  | { type: 'output-capped'; lines: number }
  | { type: 'done'; durationMs: number }
  | DatabaseMessage
  | { type: 'database-status'; text: string; note?: boolean }
  | ExplorerDataMessage

/**
 * Worker → host: the program is opening a database (`opening`), which may take seconds the first time (its WASM is
 * downloaded and started), or has it open (`open`). The time limit does not run while a database opens.
 */
export interface DatabaseMessage {
  type: 'database'
  state: 'opening' | 'open'
  /** The store: `postgres` (PGlite) or `sqlite`. */
  store: 'postgres' | 'sqlite'
}

/** Everything a run reports to its caller: the worker's messages and the host's own. */
export type RunEvent =
  | Exclude<WorkerMessage, { type: 'ready' }>
  | { type: 'compile-error'; diagnostics: Diagnostic[] }
  | { type: 'timeout'; limitMs: number }
  | { type: 'aborted'; reason: 'new-run' | 'aborted' }

/** How a run ended. */
export type RunOutcome = 'done' | 'failed' | 'compile-error' | 'timeout' | 'output-capped' | 'aborted'
