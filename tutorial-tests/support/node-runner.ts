/**
 * Runs chains of blocks in Node the way the page runs them in the browser: the same compile module (with native
 * esbuild of the same version as the browser's esbuild-wasm), the same runtime modules, the same runtime in a
 * fresh worker per run, and the same time limit and output cap. Node-only blocks get the real package instead of
 * the browser bundle, so they can use the SQLite and PostgreSQL stores.
 */
import { builtinModules } from 'node:module'
import { build, transform } from 'esbuild'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { buildRuntimeModules, ROOT } from '../../docs/components/playground/build/runtime-modules'
import { runtimeModuleNames } from '../../docs/components/playground/runner/module-names'
import { compile, type Transform } from '../../docs/components/playground/compiler/compile'
import {
  LIBRARY_SPECIFIERS,
  NODE_LIBRARY_SPECIFIERS,
  playgroundModules,
  type ModuleMap,
} from '../../docs/components/playground/compiler/modules'
import type { Diagnostic, ProgramPart } from '../../docs/components/playground/compiler/program'
import { DEFAULT_MAX_OUTPUT_LINES, DEFAULT_TIME_LIMIT_MS } from '../../docs/components/playground/runner/limits'
import type {
  HostMessage,
  PartLabel,
  RunEvent,
  RunOutcome,
  SerializedError,
  TestResult,
  WorkerMessage,
} from '../../docs/components/playground/runner/protocol'
import type { RunSnapshot } from '../../docs/components/playground/runner/instrumentation'

interface Runtime {
  directory: string
  workerFile: string
  /** The browser's module map, pointing at the built runtime modules. */
  modules: ModuleMap
  /** The module map of node-only blocks: the real package for every library subpath. */
  nodeModules: ModuleMap
  /** Runtime module URLs → the specifier to show in stack traces (`null`: leave their frames out). */
  moduleNames: Record<string, string | null>
}

let runtime: Promise<Runtime> | undefined

/** esbuild's native `transform`, as the compile module expects it. */
export const nativeTransform: Transform = (input, options) => transform(input, options)

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
    for (const specifier of [...LIBRARY_SPECIFIERS, ...NODE_LIBRARY_SPECIFIERS]) {
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
    return { directory, workerFile, modules, nodeModules, moduleNames }
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

/** Options of `runChain`. */
export interface ChainOptions {
  /** One label per block, for stack traces (`tutorial/part-1.mdx` with the block's line offset). */
  labels: PartLabel[]
  /** Run with the real package (SQLite, PostgreSQL) instead of the browser bundle. */
  nodeOnly?: boolean
  /** @default DEFAULT_TIME_LIMIT_MS */
  timeLimitMs?: number
  /** @default DEFAULT_MAX_OUTPUT_LINES */
  maxOutputLines?: number
  /** The first block whose unsaved events the snapshot reports. @default the last block */
  unsavedFromPart?: number
}

/** What a run of a chain did. */
export interface ChainRun {
  outcome: RunOutcome
  events: RunEvent[]
  diagnostics: Diagnostic[]
  errors: SerializedError[]
  tests: TestResult[]
  /** What the event explorer would show, if the run made an application or left unsaved events. */
  snapshot: RunSnapshot | undefined
  /** The printed output of block `part` of the chain. */
  output(part: number): string
  /** Wall-clock time from the start of the worker to the end of the run. */
  elapsedMs: number
}

let runs = 0

/** Compiles and runs a chain of blocks in a fresh worker, as the page would. */
export async function runChain(parts: readonly ProgramPart[], options: ChainOptions): Promise<ChainRun> {
  const { directory, workerFile, modules, nodeModules, moduleNames } = await getRuntime()
  const events: RunEvent[] = []
  const runModules = options.nodeOnly ? nodeModules : modules
  const compiled = await compile(parts, { transform: nativeTransform, modules: runModules })
  const result = (outcome: RunOutcome, elapsedMs: number, diagnostics: Diagnostic[] = []): ChainRun => ({
    outcome,
    events,
    diagnostics,
    elapsedMs,
    errors: events.flatMap((event) => (event.type === 'error' ? [event.error] : [])),
    tests: events.flatMap((event) => (event.type === 'test' ? [event.result] : [])),
    snapshot: events.flatMap((event) => (event.type === 'instrumentation' ? [event.snapshot] : []))[0],
    output: (part) =>
      events.flatMap((event) => (event.type === 'console' && event.part === part ? [event.text] : [])).join('\n'),
  })
  if (!compiled.ok) {
    events.push({ type: 'compile-error', diagnostics: compiled.diagnostics })
    return result('compile-error', 0, compiled.diagnostics)
  }

  const limitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS
  const started = performance.now()
  // execArgv: [] so that the worker resolves packages as a reader's Node does, without vitest's conditions.
  const worker = new Worker(workerFile, {
    workerData: { directory, name: `run-${process.pid}-${++runs}` },
    execArgv: [],
  })
  const outcome = await new Promise<RunOutcome>((resolve) => {
    const timer = setTimeout(() => {
      events.push({ type: 'timeout', limitMs })
      resolve('timeout')
    }, limitMs)
    const end = (outcome: RunOutcome) => {
      clearTimeout(timer)
      resolve(outcome)
    }
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') return
      events.push(message)
      if (message.type === 'output-capped') end('output-capped')
      if (message.type === 'done') end(events.some((event) => event.type === 'error') ? 'failed' : 'done')
    })
    worker.on('error', (error) => {
      events.push({
        type: 'error',
        kind: 'uncaught',
        error: { name: error.name, message: error.message, stack: error.stack ?? '' },
        part: 0,
      })
      end('failed')
    })
    worker.on('exit', () => end(events.some((event) => event.type === 'error') ? 'failed' : 'done'))
    const request: HostMessage = {
      type: 'run',
      request: {
        ...compiled.program,
        parts: options.labels,
        moduleNames,
        maxOutputLines: options.maxOutputLines ?? DEFAULT_MAX_OUTPUT_LINES,
        instrument: {
          domain: runModules['eventsourcing/domain']!,
          application: runModules['eventsourcing/application']!,
          unsavedFromPart: options.unsavedFromPart ?? parts.length - 1,
        },
      },
    }
    worker.postMessage(request)
  })
  const elapsedMs = performance.now() - started
  await worker.terminate()
  return result(outcome, elapsedMs)
}
