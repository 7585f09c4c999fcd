// Pure.
/**
 * The host side of the worker protocol, once, for every host: the page (a worker in its sandbox, `page/sandbox.ts`)
 * and `tutorial-tests` (a `worker_threads` worker, `tutorial-tests/support/node-runner.ts`) both run chains
 * through `createRunHost`, so the tests exercise the time limit, the collect grace and the abort that readers get.
 * A run is a cancellable task: compile, then run in a fresh worker with the library preloaded (one kept ready
 * ahead of the next run, where the host wants it). Its `AbortSignal`, the time limit or the output cap terminates
 * the worker, which stops even an endless loop. At the time limit, a run asked for the explorer's data is first
 * asked for it, for a moment (`COLLECT_GRACE_MS`). How a run ended is decided here and nowhere else.
 */
import type { CompileResult } from '../compiler/compile'
import { COLLECT_GRACE_MS, DEFAULT_MAX_OUTPUT_LINES, DEFAULT_TIME_LIMIT_MS } from '../shared/limits'
import type { HostMessage, ObserveRequest, PartLabel, RunEvent, RunOutcome, WorkerMessage } from '../shared/protocol'

/** What the host hears from a worker. */
export interface WorkerListener {
  /** A message the worker posted. */
  message(message: WorkerMessage): void
  /** The worker could not start, or crashed outside the program (the program's own errors are messages). */
  error(error: { name?: string; message: string; stack?: string }): void
  /** The worker's thread ended on its own (Node's `exit`; a browser's worker never does). */
  exit(): void
}

/** The little the host needs of a worker: a Web Worker or a `worker_threads` Worker, adapted. */
export interface WorkerPort {
  postMessage(message: HostMessage): void
  /** Sets the one listener of the worker's messages, errors and exit. */
  listen(listener: WorkerListener): void
  /** Stops the worker at once, even in an endless loop. */
  terminate(): void
}

/** Options of `createRunHost`. */
export interface RunHostOptions {
  /** Starts a worker that runs `worker/runtime.ts` (through `handleHostMessage`). */
  spawn: () => WorkerPort
  /** Modules every worker imports before its run (the library). */
  preloadUrls: readonly string[]
  /** Runtime module URLs → the specifier shown in stack traces (`null`: leave their frames out). */
  moduleNames: Record<string, string | null>
  /** @default DEFAULT_TIME_LIMIT_MS */
  timeLimitMs?: number
  /** @default DEFAULT_MAX_OUTPUT_LINES */
  maxOutputLines?: number
  /** The URLs of the library's modules that hold its instrumentation points, to observe runs for the explorer. */
  observe?: Omit<ObserveRequest, 'unsavedFromPart'>
  /**
   * Keep a worker ready for the next run, started in idle time after each run. A test process runs one chain at a
   * time and would leave the spare running after its last test, so it turns this off. @default true
   */
  keepSpare?: boolean
  /**
   * The page's databases: the channel runs reach them on, and what to do when a run opens one (the page starts its
   * database worker on demand). Without it, a run opens its databases in its own worker.
   */
  databases?: {
    channel: string
    opening(store: 'postgres' | 'sqlite', onEvent: (event: RunEvent) => void): void
    /** A run that opened a database ended (the page then has its writes stored). */
    ended?(): void
  }
}

/** One run's inputs. */
export interface HostedRun {
  /** Compiles the chain; aborting `signal` may stop it. */
  compile: (signal: AbortSignal) => Promise<CompileResult>
  /** How each block of the chain is named in stack traces. */
  labels: PartLabel[]
  /** Aborting stops the run; a reason of `'new-run'` reports that another run replaced it. */
  signal?: AbortSignal
  /** The first block whose unsaved events the explorer's data lists (with `observe`). @default the last block */
  unsavedFromPart?: number
  /** Called with every event of the run, in order. */
  onEvent: (event: RunEvent) => void
  /** Called when the run starts compiling, and when its program starts running. */
  onPhase?: (phase: 'compiling' | 'running') => void
}

/** How a run ended. */
export interface HostedRunResult {
  outcome: RunOutcome
  /** How long the program ran, in milliseconds, when it ran to its end. */
  durationMs?: number
  /** The run was aborted because another run replaced it. */
  replaced?: boolean
}

/** Runs chains in workers. */
export interface RunHost {
  /** The time limit of a run, in milliseconds. */
  readonly timeLimitMs: number
  /** Starts a worker ahead of the next run, if none is ready. */
  warm(): void
  /** Compiles and runs a chain; resolves with how it ended (it never rejects). */
  run(input: HostedRun): Promise<HostedRunResult>
}

const idle = (callback: () => void): void => {
  const request = (globalThis as { requestIdleCallback?: (callback: () => void) => void }).requestIdleCallback
  if (request) request(callback)
  else setTimeout(callback, 50)
}

/** A host that runs each chain in a fresh worker. */
export function createRunHost(options: RunHostOptions): RunHost {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS
  const keepSpare = options.keepSpare ?? true
  let spare: WorkerPort | undefined

  const spawn = (): WorkerPort => {
    const port = options.spawn()
    port.postMessage({ type: 'preload', urls: [...options.preloadUrls] })
    return port
  }

  const request = (input: HostedRun, program: CompileResult & { ok: true }): HostMessage => ({
    type: 'run',
    request: {
      ...program.program,
      labels: input.labels,
      moduleNames: options.moduleNames,
      maxOutputLines: options.maxOutputLines ?? DEFAULT_MAX_OUTPUT_LINES,
      ...(options.observe
        ? { observe: { ...options.observe, unsavedFromPart: input.unsavedFromPart ?? input.labels.length - 1 } }
        : {}),
      ...(options.databases ? { databaseChannel: options.databases.channel } : {}),
    },
  })

  /** Runs a compiled program in a worker; settles the outcome of a run that got that far. */
  const execute = (input: HostedRun, program: CompileResult & { ok: true }) =>
    new Promise<HostedRunResult>((resolve) => {
      const { signal, onEvent } = input
      const port = spare ?? spawn()
      spare = undefined
      let failed = false
      let finished = false
      let durationMs: number | undefined
      let collecting: ReturnType<typeof setTimeout> | undefined
      const finish = (outcome: RunOutcome) => {
        if (finished) return
        finished = true
        clearTimeout(timer)
        clearTimeout(collecting)
        signal?.removeEventListener('abort', onAbort)
        port.terminate()
        if (opened) options.databases?.ended?.()
        resolve(durationMs === undefined ? { outcome } : { outcome, durationMs })
        if (keepSpare) idle(() => (spare ??= spawn()))
      }
      const onAbort = () => {
        onEvent({ type: 'aborted', reason: signal?.reason === 'new-run' ? 'new-run' : 'aborted' })
        finish('aborted')
      }
      signal?.addEventListener('abort', onAbort)
      // The time limit is paused while the program waits for a database to open (the first time, its WASM loads).
      let remainingMs = timeLimitMs
      let clockStarted = performance.now()
      let opening = 0
      let opened = false
      const onTimeLimit = () => {
        onEvent({ type: 'timeout', limitMs: timeLimitMs })
        if (!options.observe) return finish('timeout')
        // A program waiting on timers can still answer; one in an endless loop cannot, and is stopped anyway.
        collecting = setTimeout(() => finish('timeout'), COLLECT_GRACE_MS)
        port.postMessage({ type: 'collect' })
      }
      let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(onTimeLimit, timeLimitMs)
      const database = (state: 'opening' | 'open') => {
        if (state === 'opening' && opening++ === 0) {
          clearTimeout(timer)
          timer = undefined
          remainingMs -= performance.now() - clockStarted
        } else if (state === 'open' && opening > 0 && --opening === 0) {
          clockStarted = performance.now()
          timer = setTimeout(onTimeLimit, Math.max(0, remainingMs))
        }
      }
      port.listen({
        message(message) {
          if (finished || message.type === 'ready') return
          if (collecting !== undefined) {
            if (message.type !== 'explorer-data') return
            onEvent(message)
            return finish('timeout')
          }
          if (message.type === 'error') failed = true
          if (message.type === 'done') durationMs = message.durationMs
          if (message.type === 'database') {
            database(message.state)
            if (message.state === 'opening') {
              opened = true
              options.databases?.opening(message.store, onEvent)
            }
          }
          onEvent(message)
          if (message.type === 'output-capped') finish('output-capped')
          else if (message.type === 'done') finish(failed ? 'failed' : 'done')
        },
        error(error) {
          if (finished) return
          onEvent({
            type: 'error',
            kind: 'uncaught',
            error: {
              name: error.name ?? 'Error',
              message: error.message || 'The run could not start.',
              stack: error.stack ?? '',
            },
            part: input.labels.length - 1,
          })
          finish('failed')
        },
        exit() {
          finish(failed ? 'failed' : 'done')
        },
      })
      port.postMessage(request(input, program))
    })

  return {
    timeLimitMs,
    warm() {
      spare ??= spawn()
    },
    async run(input) {
      const { signal, onEvent } = input
      const aborted = (): HostedRunResult => {
        const reason = signal?.reason === 'new-run' ? 'new-run' : 'aborted'
        onEvent({ type: 'aborted', reason })
        return reason === 'new-run' ? { outcome: 'aborted', replaced: true } : { outcome: 'aborted' }
      }
      try {
        if (signal?.aborted) return aborted()
        input.onPhase?.('compiling')
        const compiled = await input.compile(signal ?? new AbortController().signal)
        if (signal?.aborted) return aborted()
        if (!compiled.ok) {
          onEvent({ type: 'compile-error', diagnostics: compiled.diagnostics })
          return { outcome: 'compile-error' }
        }
        input.onPhase?.('running')
        const result = await execute(input, compiled)
        return result.outcome === 'aborted' && signal?.reason === 'new-run' ? { ...result, replaced: true } : result
      } catch (error) {
        if (signal?.aborted) return aborted()
        onEvent({
          type: 'error',
          kind: 'uncaught',
          error: { name: 'Error', message: String((error as Error)?.message ?? error), stack: '' },
          part: input.labels.length - 1,
        })
        return { outcome: 'failed' }
      }
    },
  }
}
