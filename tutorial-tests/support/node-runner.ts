/**
 * Runs chains of blocks in Node the way the page runs them in the browser: the same compile module (with native
 * esbuild of the same version as the browser's esbuild-wasm), the same runtime modules, the same runtime in a
 * fresh worker per run, and the same run host (`playground/host/run-host.ts`: time limit, collect grace, output cap,
 * abort and outcome), here driving a `worker_threads` worker. Node-only blocks get the real package instead of the
 * browser bundle, so they can use the SQLite and PostgreSQL stores.
 */
import { builtinModules } from 'node:module'
import { build, transform } from 'esbuild'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { buildRuntimeModules, ROOT } from '@eventsourcing/playground/build'
import {
  compile,
  LIBRARY_SPECIFIERS,
  NODE_LIBRARY_SPECIFIERS,
  STORE_SPECIFIERS,
  playgroundModules,
  type ModuleMap,
  type ProgramPart,
  type Transform,
} from '@eventsourcing/playground/compiler'
import {
  createRunHost,
  observedModules,
  runtimeModuleNames,
  type RunHost,
  type WorkerPort,
} from '@eventsourcing/playground/host'
import type {
  Diagnostic,
  ExplorerData,
  PartLabel,
  RunEvent,
  RunOutcome,
  SerializedError,
  TestResult,
} from '@eventsourcing/playground/shared'
import { databaseChannel, startDatabaseServer } from './node-databases'

interface Runtime {
  directory: string
  workerFile: string
  /** The browser's module map, pointing at the built runtime modules. */
  modules: ModuleMap
  /** The module map of node-only blocks: the real package for every library subpath. */
  nodeModules: ModuleMap
  /** Runtime module URLs → the specifier to show in stack traces (`null`: leave their frames out). */
  moduleNames: Record<string, string | null>
  /** A run host per module map: the browser's and node-only blocks'. */
  hosts: Map<string, RunHost>
}

let runtime: Promise<Runtime> | undefined

/** esbuild's native `transform`, as the compile module expects it. */
const nativeTransform: Transform = (input, options) => transform(input, options)

/** Builds the runtime modules and the worker once per test process. */
export function getRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'es-tutorial-'))
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }))
    const modulesDirectory = path.join(directory, 'modules')
    mkdirSync(modulesDirectory)
    const { files } = await buildRuntimeModules(build)
    for (const file of files) writeFileSync(path.join(modulesDirectory, file.path), file.contents)
    const base = pathToFileURL(modulesDirectory).href + '/'
    const modules = playgroundModules(base)
    const nodeModules: Record<string, string> = { ...modules }
    for (const specifier of [...LIBRARY_SPECIFIERS, ...STORE_SPECIFIERS, ...NODE_LIBRARY_SPECIFIERS]) {
      nodeModules[specifier] = packageFile(specifier)
    }
    // Node-only blocks run in Node, so Node's own modules (node:fs, node:os …) are theirs to import.
    // (Modules that exist only with the prefix, such as node:sqlite, are listed with it.)
    for (const name of builtinModules) {
      if (name.startsWith('_')) continue
      const specifier = name.startsWith('node:') ? name : `node:${name}`
      nodeModules[specifier] ??= specifier
    }
    const moduleNames = runtimeModuleNames(base, files)
    const workerFile = path.join(directory, 'worker.mjs')
    await build({
      entryPoints: [fileURLToPath(new URL('./node-worker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      outfile: workerFile,
      logLevel: 'silent',
    })
    return { directory, workerFile, modules, nodeModules, moduleNames, hosts: new Map() }
  })()
  return runtime
}

/**
 * The built file a library subpath resolves to for a reader (its `default` export condition). Resolved by hand:
 * the test process runs with the `eventsourcing-source` condition, which would give the TypeScript sources.
 */
function packageFile(specifier: string): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'lib/package.json'), 'utf8')) as {
    exports: Record<string, { default: string }>
  }
  const subpath = `.${specifier.slice('eventsourcing'.length)}`
  return pathToFileURL(path.join(ROOT, 'lib', manifest.exports[subpath]!.default)).href
}

/** Options of `runInNode`. */
export interface NodeRunOptions {
  /** One label per block, for stack traces (`tutorial/part-1.mdx` with the block's line offset). */
  labels: PartLabel[]
  /** Run with the real package (SQLite, PostgreSQL) instead of the browser bundle. */
  nodeOnly?: boolean
  /** URLs to serve some specifiers from instead of the runtime's (a test's stand-in for a module). */
  replaceModules?: Record<string, string>
  /** @default DEFAULT_TIME_LIMIT_MS */
  timeLimitMs?: number
  /** @default DEFAULT_MAX_OUTPUT_LINES */
  maxOutputLines?: number
  /** The first block whose unsaved events the explorer's data lists. @default the last block */
  unsavedFromPart?: number
  /** Aborting stops the run, as a new run or the Stop of the page does. */
  signal?: AbortSignal
}

/** What a run of a chain did. */
export interface NodeRun {
  outcome: RunOutcome
  events: RunEvent[]
  diagnostics: Diagnostic[]
  errors: SerializedError[]
  tests: TestResult[]
  /** What the event explorer would show, if the run made an application or left unsaved events. */
  explorerData: ExplorerData | undefined
  /** The printed output of block `part` of the chain. */
  output(part: number): string
  /** Wall-clock time from the start of the program's worker to the end of the run (0 if it did not compile). */
  elapsedMs: number
}

let runs = 0

/** A `worker_threads` worker running `node-worker.ts`, as the run host drives it. */
function spawnWorker(directory: string, workerFile: string): WorkerPort {
  // execArgv: [] so that the worker resolves packages as a reader's Node does, without vitest's conditions.
  const worker = new Worker(workerFile, {
    workerData: { directory, name: `run-${process.pid}-${++runs}` },
    execArgv: [],
  })
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(listener) {
      worker.on('message', listener.message)
      worker.on('error', listener.error)
      worker.on('exit', listener.exit)
    },
    terminate: () => void worker.terminate(),
  }
}

/** The run host of one module map and set of limits (hosts are kept: a test file runs many chains). */
function hostFor(runtime: Runtime, modules: ModuleMap, options: NodeRunOptions): RunHost {
  const key = JSON.stringify([
    options.nodeOnly ?? false,
    options.timeLimitMs,
    options.maxOutputLines,
    options.replaceModules,
  ])
  let host = runtime.hosts.get(key)
  if (!host) {
    host = createRunHost({
      spawn: () => spawnWorker(runtime.directory, runtime.workerFile),
      preloadUrls: LIBRARY_SPECIFIERS.map((specifier) => modules[specifier]!),
      moduleNames: runtime.moduleNames,
      observe: observedModules(modules),
      keepSpare: false,
      ...(options.nodeOnly
        ? {}
        : {
            databases: {
              channel: databaseChannel,
              opening: (store: 'postgres' | 'sqlite') => {
                if (store === 'postgres') startDatabaseServer()
              },
            },
          }),
      ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs }),
      ...(options.maxOutputLines === undefined ? {} : { maxOutputLines: options.maxOutputLines }),
    })
    runtime.hosts.set(key, host)
  }
  return host
}

/** Compiles and runs a chain of blocks in a fresh worker, through the page's run host. */
export async function runInNode(parts: readonly ProgramPart[], options: NodeRunOptions): Promise<NodeRun> {
  const runtime = await getRuntime()
  const modules = { ...(options.nodeOnly ? runtime.nodeModules : runtime.modules), ...options.replaceModules }
  const events: RunEvent[] = []
  let started: number | undefined
  const { outcome } = await hostFor(runtime, modules, options).run({
    compile: () => compile(parts, { transform: nativeTransform, modules }),
    labels: options.labels,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.unsavedFromPart === undefined ? {} : { unsavedFromPart: options.unsavedFromPart }),
    onEvent: (event) => events.push(event),
    onPhase: (phase) => {
      if (phase === 'running') started = performance.now()
    },
  })
  return {
    outcome,
    events,
    elapsedMs: started === undefined ? 0 : performance.now() - started,
    diagnostics: events.flatMap((event) => (event.type === 'compile-error' ? event.diagnostics : [])),
    errors: events.flatMap((event) => (event.type === 'error' ? [event.error] : [])),
    tests: events.flatMap((event) => (event.type === 'test' ? [event.result] : [])),
    explorerData: events.flatMap((event) => (event.type === 'explorer-data' ? [event.data] : []))[0],
    output: (part) =>
      events.flatMap((event) => (event.type === 'console' && event.part === part ? [event.text] : [])).join('\n'),
  }
}
