/**
 * The running side of the playground, loaded on the first Run (or when the reader shows the intent to run): one
 * runner per page, esbuild-wasm, and the compile step. A new run on the page aborts the previous one. Browser only.
 */
import { runtimeDirectory, runtimeFiles } from 'virtual:playground/runtime'
import { compile } from './compiler/compile'
import { loadTransform, warmTransform } from './compiler/esbuild-browser'
import { LIBRARY_SPECIFIERS, playgroundModules, relocate } from './compiler/modules'
import type { CompiledProgram } from './compiler/compile'
import type { PrecompiledPage } from './build/precompile'
import type { ProgramPart } from './compiler/program'
import { createOutputPanel, type OutputPanel } from './output/output-panel'
import type { PartLabel, RunEvent, RunOutcome } from './runner/protocol'
import { runtimeModuleNames } from './runner/module-names'
import { createRunner, type Runner } from './runner/run'

const base = new URL(runtimeDirectory, location.href).href
const modules = playgroundModules(base)
let runner: Runner | undefined
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

function getRunner(): Runner {
  runner ??= createRunner({
    createWorker: () =>
      new Worker(new URL('./runner/worker.ts', import.meta.url), { type: 'module', name: 'playground-run' }),
    preloadUrls: LIBRARY_SPECIFIERS.map((specifier) => modules[specifier]!),
    instrumentation: { domain: modules['eventsourcing/domain']!, application: modules['eventsourcing/application']! },
    moduleNames: runtimeModuleNames(
      base,
      runtimeFiles.map((path) => ({ path })),
    ),
  })
  return runner
}

/**
 * Gets a run ready ahead of the click: a worker with the library loaded, the page's precompiled programs, and
 * (once the reader edits, `compiler`) esbuild in idle time.
 */
export function prepare(options: { compiler?: boolean; precompiled?: string } = {}): void {
  getRunner().warm()
  if (options.precompiled) void precompiled({ url: options.precompiled, kind: 'blocks', key: '' })
  if (options.compiler) warmTransform()
}

/** The time limit of a run, in milliseconds. */
export function timeLimitMs(): number {
  return getRunner().timeLimitMs
}

export { createOutputPanel, type OutputPanel }

/** What to run and where to report it. */
export interface ChainRunInput {
  parts: ProgramPart[]
  labels: PartLabel[]
  /** How the output panel names each block. */
  partNames: string[]
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

/** What a run did: how it ended, and how long the program ran (in ms, when it ran to its end). */
export interface ChainRunResult {
  outcome: RunOutcome
  durationMs?: number
  /** The run was stopped because another run of the page started. */
  replaced?: boolean
}

/** Compiles and runs a chain, aborting any other run of the page. */
export async function runChain(input: ChainRunInput): Promise<ChainRunResult> {
  current?.abort('new-run')
  const controller = new AbortController()
  current = controller
  const { panel, parts } = input
  const currentPart = parts.length - 1
  panel.start({
    currentPart,
    partNames: input.partNames,
    showAllParts: input.showAllParts ?? false,
    editablePart: input.editablePart ?? currentPart,
    ...(input.onLocate ? { onLocate: input.onLocate } : {}),
  })
  const report = (event: RunEvent) => {
    panel.handle(event)
    input.onEvent?.(event)
  }
  const activeRunner = getRunner()
  activeRunner.warm()
  input.onStatus('compiling')
  let result: ChainRunResult
  try {
    const ready = input.precompiled && (await precompiled(input.precompiled))
    const compiled = ready ? { ok: true as const, program: ready } : await compileChain(parts, controller.signal)
    if (!compiled.ok) {
      report({ type: 'compile-error', diagnostics: compiled.diagnostics })
      result = { outcome: 'compile-error' }
    } else {
      input.onStatus('running')
      let durationMs: number | undefined
      const outcome = await activeRunner.run({
        program: compiled.program,
        parts: input.labels,
        signal: controller.signal,
        unsavedFromPart: input.showAllParts ? 0 : currentPart,
        onEvent: (event) => {
          if (event.type === 'done') durationMs = event.durationMs
          report(event)
        },
      })
      result = durationMs === undefined ? { outcome } : { outcome, durationMs }
    }
  } catch (error) {
    if (controller.signal.aborted) {
      report({ type: 'aborted', reason: controller.signal.reason === 'new-run' ? 'new-run' : 'aborted' })
      result = { outcome: 'aborted' }
    } else {
      report({
        type: 'error',
        kind: 'uncaught',
        error: { name: 'Error', message: String((error as Error)?.message ?? error), stack: '' },
        part: currentPart,
      })
      result = { outcome: 'failed' }
    }
  }
  if (current === controller) current = undefined
  if (result.outcome === 'aborted' && controller.signal.reason === 'new-run') result.replaced = true
  panel.end(result.outcome)
  return result
}

/** Stops the page's current run, if any. */
export function stop(): void {
  current?.abort('aborted')
}
