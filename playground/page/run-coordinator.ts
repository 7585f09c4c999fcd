// Browser only.
/**
 * The page's run coordinator, loaded on the first Run (or when the reader shows the intent to run): one run host
 * per page (`host/run-host.ts`, driving workers in the page's sandbox, `sandbox.ts`), esbuild-wasm, the compile
 * cache and the output panel. A new run on the page aborts the previous one.
 */
import { runtimeDirectory, runtimeFiles } from 'virtual:playground/runtime'
import { compile, type CompiledProgram, type PrecompiledPage } from '../compiler/compile'
import { loadTransform, warmTransform } from './esbuild-browser'
import {
  LIBRARY_SPECIFIERS,
  PGLITE_TEMPLATE_FILE,
  playgroundModules,
  relocate,
  SANDBOX_WORKER_FILE,
} from '../compiler/modules'
import type { ProgramPart } from '../compiler/program'
import { createOutputPanel, type OutputPanel } from './output/output-panel'
import type { PartLabel, RunEvent } from '../shared/protocol'
import { observedModules, runtimeModuleNames } from '../host/module-names'
import { createRunHost, type HostedRunResult, type RunHost } from '../host/run-host'
import { createSandbox } from './sandbox'
import { databaseChannel, databaseRunEnded, openingDatabase, useDatabaseTemplate } from './databases'

const base = new URL(runtimeDirectory, location.href).href
const modules = playgroundModules(base)
if (runtimeFiles.includes(PGLITE_TEMPLATE_FILE)) useDatabaseTemplate(base + PGLITE_TEMPLATE_FILE)
let host: RunHost | undefined
let current: AbortController | undefined
const precompiledPages = new Map<string, Promise<PrecompiledPage | undefined>>()
/** The programs compiled lately, by their source: running unchanged code again skips esbuild. */
const compiled = new Map<string, CompiledProgram>()

/** Where to find a chain's program compiled at build time. */
export interface PrecompiledRef {
  url: string
  kind: keyof PrecompiledPage
  key: string
}

async function precompiled(ref: PrecompiledRef): Promise<CompiledProgram | undefined> {
  let page = precompiledPages.get(ref.url)
  if (!page) {
    page = fetch(ref.url).then(
      (response) => (response.ok ? (response.json() as Promise<PrecompiledPage>) : undefined),
      () => undefined,
    )
    precompiledPages.set(ref.url, page)
  }
  const program = (await page)?.[ref.kind][ref.key]
  return program && { ...program, code: relocate(program.code, base) }
}

async function compileChain(parts: ProgramPart[], signal: AbortSignal) {
  const key = parts.map((part) => part.code).join('\0')
  const cached = compiled.get(key)
  if (cached) return { ok: true as const, program: cached }
  const transform = await loadTransform()
  const result = await compile(parts, { transform, modules, signal })
  if (result.ok) {
    if (compiled.size >= 20) compiled.delete(compiled.keys().next().value!)
    compiled.set(key, result.program)
  }
  return result
}

function getHost(): RunHost {
  if (host !== undefined) return host
  const sandbox = createSandbox({
    workerScript: base + SANDBOX_WORKER_FILE,
    files: runtimeFiles.filter((path) => path !== SANDBOX_WORKER_FILE).map((path) => base + path),
    databaseChannel,
  })
  host = createRunHost({
    spawn: () => sandbox.spawn(),
    preloadUrls: LIBRARY_SPECIFIERS.map((specifier) => modules[specifier]!),
    observe: observedModules(modules),
    moduleNames: runtimeModuleNames(
      base,
      runtimeFiles.map((path) => ({ path })),
    ),
    databases: { channel: databaseChannel, opening: openingDatabase, ended: databaseRunEnded },
  })
  return host
}

/**
 * Gets a run ready ahead of the click: a worker with the library loaded, the page's precompiled programs, and
 * (once the reader edits, `compiler`) esbuild in idle time.
 */
export function prepare(options: { compiler?: boolean; precompiled?: string } = {}): void {
  getHost().warm()
  if (options.precompiled) void precompiled({ url: options.precompiled, kind: 'blocks', key: '' })
  if (options.compiler) warmTransform()
}

/** The time limit of a run, in milliseconds. */
export function timeLimitMs(): number {
  return getHost().timeLimitMs
}

export { createOutputPanel, type OutputPanel }
export { resetDatabases } from './databases'

/** What to run and where to report it. */
export interface PageRunInput {
  parts: ProgramPart[]
  labels: PartLabel[]
  /** Show the output of every block, not only the last one's. */
  showAllParts?: boolean
  /** The block the editor holds. @default the last one */
  editablePart?: number
  panel: OutputPanel
  onLocate?: (line: number, column: number) => void
  /** The chain's program compiled at build time, when the chain is the page's code. */
  precompiled?: PrecompiledRef
  /** Called with the run's events, after the panel (to follow tests, for instance). */
  onEvent?: (event: RunEvent) => void
  onStatus: (status: 'compiling' | 'running') => void
}

/** Compiles and runs a chain on the page, aborting any other run of the page; resolves with how it ended. */
export async function runOnPage(input: PageRunInput): Promise<HostedRunResult> {
  current?.abort('new-run')
  const controller = new AbortController()
  current = controller
  const { panel, parts } = input
  const currentPart = parts.length - 1
  panel.start({
    currentPart,
    partNames: input.labels.map((label) => label.label),
    showAllParts: input.showAllParts ?? false,
    editablePart: input.editablePart ?? currentPart,
    ...(input.onLocate ? { onLocate: input.onLocate } : {}),
  })
  const activeHost = getHost()
  activeHost.warm()
  const result = await activeHost.run({
    compile: async (signal) => {
      const ready = input.precompiled && (await precompiled(input.precompiled))
      return ready ? { ok: true, program: ready } : compileChain(parts, signal)
    },
    labels: input.labels,
    signal: controller.signal,
    unsavedFromPart: input.showAllParts ? 0 : currentPart,
    onEvent: (event) => {
      panel.handle(event)
      input.onEvent?.(event)
    },
    onPhase: input.onStatus,
  })
  if (current === controller) current = undefined
  panel.end(result.outcome)
  return result
}

/** Stops the page's current run, if any. */
export function stop(): void {
  current?.abort('aborted')
}
