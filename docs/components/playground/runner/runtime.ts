/**
 * What runs inside a run's worker, around the reader's program: console output sent to the host (formatted like
 * Node's), the block markers, timers tracked so that the run ends when the program has nothing left to do (as
 * Node exits), tests registered with `test()` run after the program, and every error reported located in the
 * reader's blocks. The first uncaught error or unhandled rejection ends the run, as it ends a Node process. When
 * asked, the run is instrumented for the event explorer: its snapshot is sent at its end (after an error too), or
 * when the host asks for it at the time limit (`collectSnapshot`).
 * Shared by the browser's worker (`worker.ts`) and `tutorial-tests`' Node worker, which differ only in `RuntimeHost`.
 */
import { formatArgs, formatValue } from '../output/format-value'
import { BLOCK_MARKER } from '../compiler/program'
import { runTests, type RegisteredTest } from '../grader/grade'
import { TEST_REGISTRY } from '../grader/testing'
import { createStackMapper } from './stack'
import { recordRun, type LibraryHooks, type RunRecorder } from './instrumentation'
import type { ConsoleLevel, InstrumentRequest, RunRequest, WorkerMessage } from './protocol'

/** What differs between the browser's worker and Node's. */
export interface RuntimeHost {
  post(message: WorkerMessage): void
  /** A URL the program's code can be imported from (a `blob:` URL in the browser, a temporary file in Node). */
  moduleUrl(code: string): string | Promise<string>
  importModule(url: string): Promise<unknown>
  /** Registers the handler of uncaught errors and unhandled rejections. */
  onUncaught(handler: (kind: 'uncaught' | 'unhandled-rejection', error: unknown) => void): void
}

type Timer = ReturnType<typeof setTimeout>

/** Imports modules ahead of a run (the library), so that the run itself finds them loaded. */
export async function preload(host: RuntimeHost, urls: readonly string[]): Promise<void> {
  await Promise.all(urls.map((url) => host.importModule(url)))
}

/** Sends the snapshot of the run in progress, if it is instrumented and has not sent it yet. */
let sendSnapshot: () => Promise<void> = async () => {}

/** Sends the current run's `instrumentation` message now (the host asks at the time limit). */
export function collectSnapshot(): Promise<void> {
  return sendSnapshot()
}

/** Starts recording the run for the event explorer, with the copy of the library the program imports. */
async function startRecording(host: RuntimeHost, request: InstrumentRequest): Promise<RunRecorder> {
  const [domain, application] = await Promise.all([
    host.importModule(request.domain),
    host.importModule(request.application),
  ])
  const hooks = { ...(domain as object), ...(application as object) } as LibraryHooks
  return recordRun(hooks, { unsavedFromPart: request.unsavedFromPart })
}

/** Runs a compiled chain and reports everything it does to the host; resolves after `done` is posted. */
export async function runProgram(host: RuntimeHost, request: RunRequest): Promise<void> {
  const start = performance.now()
  const programUrl = await host.moduleUrl(request.code)
  const mapper = createStackMapper(request, programUrl)
  const global = globalThis as unknown as Record<string, unknown>
  let part = 0
  let lines = 0
  let capped = false
  let finished = false
  let resolveFinished: () => void = () => {}
  const finishedPromise = new Promise<void>((resolve) => (resolveFinished = resolve))
  let recorder = request.instrument ? await startRecording(host, request.instrument).catch(() => undefined) : undefined
  sendSnapshot = async () => {
    const active = recorder
    recorder = undefined
    const snapshot = await active?.snapshot().catch(() => undefined)
    if (snapshot) host.post({ type: 'instrumentation', snapshot })
  }

  const finish = () => {
    if (finished) return
    finished = true
    const durationMs = performance.now() - start
    void sendSnapshot().then(() => {
      host.post({ type: 'done', durationMs })
      resolveFinished()
    })
  }
  const print = (level: ConsoleLevel, text: string) => {
    if (capped || finished) return
    const count = text.split('\n').length
    if (lines + count > request.maxOutputLines) {
      const room = request.maxOutputLines - lines
      if (room > 0) host.post({ type: 'console', level, text: text.split('\n').slice(0, room).join('\n'), part })
      capped = true
      host.post({ type: 'output-capped', lines: request.maxOutputLines })
      return
    }
    lines += count
    host.post({ type: 'console', level, text: mapper.rename(text), part })
  }
  const report = (kind: 'uncaught' | 'unhandled-rejection', error: unknown) => {
    if (finished) return
    host.post({ type: 'error', kind, error: mapper.serialize(error), part })
    finish()
  }

  global[BLOCK_MARKER] = (index: number) => {
    part = index
    recorder?.enterPart(index)
  }
  global[TEST_REGISTRY] = []
  installConsole(print, (error) => mapper.formatStack(error))
  const timers = trackTimers()
  host.onUncaught(report)

  try {
    await host.importModule(programUrl)
  } catch (error) {
    report('uncaught', error)
  }
  if (!finished) {
    const tests = global[TEST_REGISTRY] as RegisteredTest[]
    if (tests.length) {
      await runTests(tests, {
        onResult: (outcome) =>
          host.post({
            type: 'test',
            result: {
              name: outcome.name,
              status: outcome.status,
              durationMs: outcome.durationMs,
              ...(outcome.status === 'pass' ? {} : { error: mapper.serialize(outcome.error) }),
            },
          }),
      })
    }
    timers.whenIdle(finish)
  }
  await finishedPromise
}

function installConsole(print: (level: ConsoleLevel, text: string) => void, formatStack: (error: Error) => string) {
  const options = { formatStack }
  let indent = ''
  const counts = new Map<string, number>()
  const timers = new Map<string, number>()
  const out =
    (level: ConsoleLevel) =>
    (...args: unknown[]) => {
      const text = formatArgs(args, options)
      print(level, indent ? text.replace(/^/gm, indent) : text)
    }
  const log = out('log')
  const console = globalThis.console as unknown as Record<string, unknown>
  Object.assign(console, {
    log,
    info: out('info'),
    debug: out('debug'),
    warn: out('warn'),
    error: out('error'),
    dir: (value: unknown) => log(formatValue(value, options)),
    table: (value: unknown) => log(formatValue(value, options)),
    trace: (...args: unknown[]) => {
      const error = new Error(formatArgs(args, options))
      error.name = 'Trace'
      out('error')(formatStack(error))
    },
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) out('error')(args.length ? `Assertion failed: ${formatArgs(args, options)}` : 'Assertion failed')
    },
    group: (...args: unknown[]) => {
      if (args.length) log(...args)
      indent += '  '
    },
    groupCollapsed: (...args: unknown[]) => {
      if (args.length) log(...args)
      indent += '  '
    },
    groupEnd: () => {
      indent = indent.slice(2)
    },
    count: (label = 'default') => {
      counts.set(label, (counts.get(label) ?? 0) + 1)
      log(`${label}: ${counts.get(label)}`)
    },
    countReset: (label = 'default') => counts.delete(label),
    time: (label = 'default') => timers.set(label, performance.now()),
    timeLog: (label = 'default', ...args: unknown[]) => {
      const started = timers.get(label)
      if (started !== undefined) log(`${label}: ${(performance.now() - started).toFixed(3)}ms`, ...args)
    },
    timeEnd: (label = 'default') => {
      const started = timers.get(label)
      if (started === undefined) return
      timers.delete(label)
      log(`${label}: ${(performance.now() - started).toFixed(3)}ms`)
    },
  })
}

/** Wraps the timer functions to know when the program has no timer left (then the run is over, as in Node). */
function trackTimers(): { whenIdle(callback: () => void): void } {
  // Bound: browsers throw "Illegal invocation" when timer functions are called on another object.
  const native = {
    setTimeout: globalThis.setTimeout.bind(globalThis),
    setInterval: globalThis.setInterval.bind(globalThis),
    clearTimeout: globalThis.clearTimeout.bind(globalThis),
    clearInterval: globalThis.clearInterval.bind(globalThis),
  }
  const pending = new Set<Timer>()
  let idleCallback: (() => void) | undefined
  let checking = false
  const check = () => {
    if (!idleCallback || checking) return
    checking = true
    native.setTimeout(() => {
      checking = false
      if (pending.size === 0 && idleCallback) {
        const callback = idleCallback
        idleCallback = undefined
        callback()
      }
    }, 0)
  }
  const g = globalThis as unknown as Record<string, unknown>
  g['setTimeout'] = (handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const id: Timer = native.setTimeout(() => {
      pending.delete(id)
      try {
        handler(...args)
      } finally {
        check()
      }
    }, delay)
    pending.add(id)
    return id
  }
  g['setInterval'] = (handler: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const id: Timer = native.setInterval(() => handler(...args), delay)
    pending.add(id)
    return id
  }
  g['clearTimeout'] = (id: Timer) => {
    native.clearTimeout(id)
    if (pending.delete(id)) check()
  }
  g['clearInterval'] = (id: Timer) => {
    native.clearInterval(id)
    if (pending.delete(id)) check()
  }
  return {
    whenIdle(callback) {
      idleCallback = callback
      check()
    },
  }
}
