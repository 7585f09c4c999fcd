// Pure.
/**
 * Compiles a chain of blocks into one ES module. Pure: the caller passes esbuild's `transform` (esbuild-wasm in
 * the browser, native esbuild of the same version in `tutorial-tests`), so both compile with the very same code
 * and options. `target: 'es2022'` lowers the standard decorators the library uses (no browser or Node runs them
 * natively yet) and `format: 'esm'` keeps top-level `await`; `experimentalDecorators` stays off.
 */
import { assembleProgram, locateInParts, type ProgramPart } from './program'
import type { Diagnostic, PartSpan } from '../shared/protocol'
import { unknownModuleMessage, type ModuleMap } from './modules'

/** The esbuild `transform` options the playground uses. */
export const TRANSFORM_OPTIONS = {
  loader: 'ts',
  target: 'es2022',
  format: 'esm',
  sourcemap: 'external',
  tsconfigRaw: { compilerOptions: { experimentalDecorators: false, useDefineForClassFields: true } },
} as const

/** The options `compile` passes to `transform`. */
export type TransformOptions = typeof TRANSFORM_OPTIONS & { sourcefile: string }

/** esbuild's `transform` (native or wasm): `(code, options) => { code, map }`. */
export type Transform = (input: string, options: TransformOptions) => Promise<{ code: string; map: string }>

/** Options of `compile`. */
export interface CompileOptions {
  transform: Transform
  /** The modules snippets may import, and their URLs. */
  modules: ModuleMap
  /** Stops the compile: `compile` then rejects with the signal's reason. */
  signal?: AbortSignal
  /** The name of the program in esbuild's messages and source map. @default 'playground.ts' */
  sourcefile?: string
}

/** A compiled chain, ready to run. */
export interface CompiledProgram {
  /** The ES module to run. */
  code: string
  /** The source map of `code`, as JSON. */
  map: string
  /** Where each block of the chain sits in the program. */
  spans: PartSpan[]
}

/**
 * The programs of one page compiled at build time (`build/precompile.ts`), by block index and by exercise name;
 * the page fetches them as JSON so that an unedited chain runs without esbuild in the browser.
 */
export interface PrecompiledPage {
  blocks: Record<string, CompiledProgram>
  exercises: Record<string, CompiledProgram>
}

/** The outcome of `compile`: a program, or the problems that stopped it, located in the blocks. */
export type CompileResult = { ok: true; program: CompiledProgram } | { ok: false; diagnostics: Diagnostic[] }

interface EsbuildMessage {
  text: string
  location: { line: number; column: number } | null
}

/**
 * Compiles a chain of blocks (the earlier blocks, then the block to run) into one module.
 * @throws the signal's reason when `signal` is aborted; any error of `transform` other than a compile error.
 */
export async function compile(parts: readonly ProgramPart[], options: CompileOptions): Promise<CompileResult> {
  options.signal?.throwIfAborted()
  const { modules } = options
  const assembled = assembleProgram(parts, {
    resolve: (specifier) => modules[specifier],
    unknownModule: (specifier) => unknownModuleMessage(specifier, modules),
  })
  if (assembled.diagnostics.length) return { ok: false, diagnostics: assembled.diagnostics }
  let result: { code: string; map: string }
  try {
    result = await options.transform(assembled.code, {
      ...TRANSFORM_OPTIONS,
      sourcefile: options.sourcefile ?? 'playground.ts',
    })
  } catch (error) {
    const errors = (error as { errors?: EsbuildMessage[] }).errors
    if (!Array.isArray(errors)) throw error
    options.signal?.throwIfAborted()
    return { ok: false, diagnostics: errors.map((message) => toDiagnostic(message, assembled.spans)) }
  }
  options.signal?.throwIfAborted()
  return { ok: true, program: { code: result.code, map: result.map, spans: assembled.spans } }
}

function toDiagnostic(message: EsbuildMessage, spans: readonly PartSpan[]): Diagnostic {
  const where = message.location
  const location = where && locateInParts(spans, where.line, where.column + 1)
  if (location) return { message: message.text, ...location }
  // Past the end of a block (an unexpected end of file): point at the last line of the block before.
  const span = spans.findLast((s) => !where || s.startLine <= where.line) ?? spans[0]
  const last = span ? span.lineCount : 1
  return { message: message.text, part: span?.part ?? 0, line: last, column: 1 }
}
