/**
 * Runs compiled chains in the browser, each in a fresh module Worker with the library preloaded, one worker kept
 * ready ahead of the next click. A run is a cancellable task: its `AbortSignal` (or the time limit, or the
 * output cap) terminates the worker, which stops even an endless loop while the page stays responsive. At the
 * time limit, an instrumented run is first asked for what it recorded, for a moment (`COLLECT_GRACE_MS`).
 */
import type { CompiledProgram } from '../compiler/compile'
import { COLLECT_GRACE_MS, DEFAULT_MAX_OUTPUT_LINES, DEFAULT_TIME_LIMIT_MS } from './limits'
import type { HostMessage, PartLabel, RunEvent, RunOutcome, WorkerMessage } from './protocol'

/** Options of `createRunner`. */
export interface RunnerOptions {
  /** Starts a worker running `worker.ts`. */
  createWorker: () => Worker
  /** Modules every worker imports before its run (the library). */
  preloadUrls: readonly string[]
  /** Runtime module URLs → the specifier shown in stack traces (`null`: leave their frames out). */
  moduleNames: Record<string, string | null>
  /** @default DEFAULT_TIME_LIMIT_MS */
  timeLimitMs?: number
  /** @default DEFAULT_MAX_OUTPUT_LINES */
  maxOutputLines?: number
  /** The URLs of the library's `eventsourcing/domain` and `eventsourcing/application`, to instrument runs. */
  instrumentation?: { domain: string; application: string }
}

/** One run's inputs. */
export interface RunInput {
  program: CompiledProgram
  /** How each block of the chain is named in stack traces. */
  parts: PartLabel[]
  /** Aborting stops the run; a reason of `'new-run'` reports that another run replaced it. */
  signal?: AbortSignal
  /** The first block whose unsaved events the run reports (with `instrumentation`). @default the last block */
  unsavedFromPart?: number
  onEvent: (event: RunEvent) => void
}

/** Runs chains in workers. */
export interface Runner {
  /** The time limit of a run, in milliseconds. */
  readonly timeLimitMs: number
  /** Starts a worker ahead of the next run, if none is ready. */
  warm(): void
  /** Runs a compiled chain and resolves with how it ended. */
  run(input: RunInput): Promise<RunOutcome>
}

interface Slot {
  worker: Worker
}

/** A runner that keeps one worker ready. */
export function createRunner(options: RunnerOptions): Runner {
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS
  let spare: Slot | undefined

  const spawn = (): Slot => {
    const worker = options.createWorker()
    const preload: HostMessage = { type: 'preload', urls: [...options.preloadUrls] }
    worker.postMessage(preload)
    return { worker }
  }

  return {
    timeLimitMs,
    warm() {
      spare ??= spawn()
    },
    run({ program, parts, signal, unsavedFromPart, onEvent }) {
      const slot = spare ?? spawn()
      spare = undefined
      return new Promise<RunOutcome>((resolve) => {
        let failed = false
        let finished = false
        let collecting: ReturnType<typeof setTimeout> | undefined
        const finish = (outcome: RunOutcome) => {
          if (finished) return
          finished = true
          clearTimeout(timer)
          clearTimeout(collecting)
          signal?.removeEventListener('abort', onAbort)
          slot.worker.terminate()
          resolve(outcome)
          const idle = globalThis.requestIdleCallback ?? ((callback: () => void) => setTimeout(callback, 50))
          idle(() => {
            spare ??= spawn()
          })
        }
        const onAbort = () => {
          onEvent({ type: 'aborted', reason: signal?.reason === 'new-run' ? 'new-run' : 'aborted' })
          finish('aborted')
        }
        if (signal?.aborted) return onAbort()
        signal?.addEventListener('abort', onAbort)
        const timer = setTimeout(() => {
          onEvent({ type: 'timeout', limitMs: timeLimitMs })
          if (!options.instrumentation) return finish('timeout')
          // A program waiting on timers can still answer; one in an endless loop cannot, and is stopped anyway.
          collecting = setTimeout(() => finish('timeout'), COLLECT_GRACE_MS)
          const collect: HostMessage = { type: 'collect' }
          slot.worker.postMessage(collect)
        }, timeLimitMs)
        slot.worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
          const message = event.data
          if (finished || message.type === 'ready') return
          if (collecting !== undefined) {
            if (message.type !== 'instrumentation') return
            onEvent(message)
            return finish('timeout')
          }
          if (message.type === 'error') failed = true
          onEvent(message)
          if (message.type === 'output-capped') finish('output-capped')
          else if (message.type === 'done') finish(failed ? 'failed' : 'done')
        }
        slot.worker.onerror = (event) => {
          event.preventDefault()
          onEvent({
            type: 'error',
            kind: 'uncaught',
            error: { name: 'Error', message: event.message || 'The run could not start.', stack: '' },
            part: parts.length - 1,
          })
          finish('failed')
        }
        const request: HostMessage = {
          type: 'run',
          request: {
            ...program,
            parts,
            moduleNames: options.moduleNames,
            maxOutputLines: options.maxOutputLines ?? DEFAULT_MAX_OUTPUT_LINES,
            ...(options.instrumentation
              ? {
                  instrument: {
                    ...options.instrumentation,
                    unsavedFromPart: unsavedFromPart ?? parts.length - 1,
                  },
                }
              : {}),
          },
        }
        slot.worker.postMessage(request)
      })
    },
  }
}
