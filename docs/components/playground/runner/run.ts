/**
 * Runs compiled chains in the browser, each in a fresh module Worker with the library preloaded, one worker kept
 * ready ahead of the next click. A run is a cancellable task: its `AbortSignal` (or the time limit, or the
 * output cap) terminates the worker, which stops even an endless loop while the page stays responsive.
 */
import type { CompiledProgram } from '../compiler/compile'
import { DEFAULT_MAX_OUTPUT_LINES, DEFAULT_TIME_LIMIT_MS } from './limits'
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
}

/** One run's inputs. */
export interface RunInput {
  program: CompiledProgram
  /** How each block of the chain is named in stack traces. */
  parts: PartLabel[]
  /** Aborting stops the run; a reason of `'new-run'` reports that another run replaced it. */
  signal?: AbortSignal
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
    run({ program, parts, signal, onEvent }) {
      const slot = spare ?? spawn()
      spare = undefined
      return new Promise<RunOutcome>((resolve) => {
        let failed = false
        let finished = false
        const finish = (outcome: RunOutcome) => {
          if (finished) return
          finished = true
          clearTimeout(timer)
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
          finish('timeout')
        }, timeLimitMs)
        slot.worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
          const message = event.data
          if (finished || message.type === 'ready') return
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
          },
        }
        slot.worker.postMessage(request)
      })
    },
  }
}
