// Worker.
/**
 * What runs inside a run's worker, around the reader's program: console output sent to the host (formatted like
 * Node's), the block markers, timers tracked so that the run ends when the program has nothing left to do (as
 * Node exits), tests registered with `test()` run after the program, and every error reported located in the
 * reader's blocks. The first uncaught error or unhandled rejection ends the run, as it ends a Node process. When
 * asked, the run is observed for the event explorer: its data is sent at its end (after an error too), or when the
 * host asks for it at the time limit (`collect`). Shared by the browser's worker (`web-worker.ts`) and
 * `tutorial-tests`' Node worker, which differ only in `RuntimeHost`.
 */
import { formatArgs, formatValue } from './format-value'
import { BLOCK_MARKER } from '../compiler/program'
import { runTests, TEST_REGISTRY, type RegisteredTest } from './grade'
import { createStackMapper } from './stack'
import { observeRun, type LibraryHooks, type RunObserver } from './run-observer'
import { prepareDatabases, type DatabaseAccess } from './databases'
import type { ConsoleLevel, HostMessage, ObserveRequest, RunRequest, WorkerMessage } from '../shared/protocol'

/** What differs between the browser's worker and Node's. */
export interface RuntimeHost extends DatabaseAccess {
  post(message: WorkerMessage): void
  /** A URL the program's code can be imported from (a `blob:` URL in the browser, a temporary file in Node). */
  moduleUrl(code: string): string | Promise<string>
  importModule(url: string): Promise<unknown>
  /** Registers the handler of uncaught errors and unhandled rejections. */
  onUncaught(handler: (kind: 'uncaught' | 'unhandled-rejection', error: unknown) => void): void
  /** URLs the modules were imported from → the URLs the request names them by (the sandbox's `blob:` URLs). */
  aliases?: ReadonlyMap<string, string>
  /** A sentence to add to an error's message, saying why the worker refused what the program tried. */
  explain?(error: unknown): string | undefined
}

type Timer = ReturnType<typeof setTimeout>

/** Imports modules ahead of a run (the library), so that the run itself finds them loaded. */
async function preload(host: RuntimeHost, urls: readonly string[]): Promise<void> {
  await Promise.all(urls.map((url) => host.importModule(url)))
}

/** Sends the explorer's data of the run in progress, if it is observed and has not sent it yet. */
let sendExplorerData: () => Promise<void> = async () => {}

/**
 * Answers one message of the host: the one dispatch of the browser's worker and of `tutorial-tests`' Node worker.
 * `collect` sends the current run's `explorer-data` message now (the host asks at the time limit).
 */
export function handleHostMessage(host: RuntimeHost, message: HostMessage): void {
  if (message.type === 'preload') {
    const ready = () => host.post({ type: 'ready' })
    preload(host, message.urls).then(ready, ready)
  } else if (message.type === 'collect') {
    void sendExplorerData()
  } else {
    void runProgram(host, message.request)
  }
}

/** Starts observing the run for the event explorer, with the copy of the library the program imports. */
async function startObserving(host: RuntimeHost, request: ObserveRequest): Promise<RunObserver> {
  const modules = await Promise.all(
    [request.domain, request.application, request.persistence].map((url) => host.importModule(url)),
  )
  const hooks = Object.assign({}, ...(modules as object[])) as LibraryHooks
  return observeRun(hooks, { unsavedFromPart: request.unsavedFromPart })
}

/** Runs a compiled chain and reports everything it does to the host; resolves after `done` is posted. */
async function runProgram(host: RuntimeHost, request: RunRequest): Promise<void> {
  const start = performance.now()
  const programUrl = await host.moduleUrl(request.code)
  const mapper = createStackMapper(request, programUrl, host.aliases)
  const serialize = (error: unknown) => {
    const serialized = mapper.serialize(error)
    const note = host.explain?.(error)
    return note ? { ...serialized, message: `${serialized.message} ${note}` } : serialized
  }
  const global = globalThis as unknown as Record<string, unknown>
  let part = 0
  let lines = 0
  let capped = false
  let finished = false
  let resolveFinished: () => void = () => {}
  const finishedPromise = new Promise<void>((resolve) => (resolveFinished = resolve))
  let observer = request.observe ? await startObserving(host, request.observe).catch(() => undefined) : undefined
  sendExplorerData = async () => {
    const active = observer
    observer = undefined
    const data = await active?.collect().catch(() => undefined)
    if (data) host.post({ type: 'explorer-data', data })
  }

  const finish = () => {
    if (finished) return
    finished = true
    const durationMs = performance.now() - start
    void sendExplorerData().then(() => {
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
    host.post({ type: 'error', kind, error: serialize(error), part })
    finish()
  }

  global[BLOCK_MARKER] = (index: number) => {
    part = index
    observer?.enterPart(index)
  }
  global[TEST_REGISTRY] = []
  installConsole(print, (error) => mapper.formatStack(error))
  const timers = trackTimers()
  host.onUncaught(report)

  try {
    await prepareDatabases(request, host)
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
              ...(outcome.status === 'pass' ? {} : { error: serialize(outcome.error) }),
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
