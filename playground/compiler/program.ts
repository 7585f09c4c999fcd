// Pure.
/**
 * Joins the blocks of a chain into one program, so that a block runs with the earlier blocks it builds on.
 *
 * Line 1 of the program holds every block's imports, hoisted, deduplicated and rewritten to the runtime
 * modules' URLs; the blocks follow, each import statement blanked where it stood, so that no line moves. A block
 * placed at its page line (`ProgramPart.line`) keeps its page positions exactly (the prose between blocks becomes
 * blank lines); without one it follows the previous block. The first line of every block starts with a call to
 * `__esBlock(n)`, which tells the runtime whose output follows. `spans` map every program line back to its block.
 */
import { blank, findDynamicImports, findImports, type ImportBinding } from './imports'
import { messages } from '../shared/messages'
import type { Diagnostic, PartSpan } from '../shared/protocol'

/** One block of a chain. */
export interface ProgramPart {
  code: string
  /** The program line to place the block's first line at (its page line), to keep page positions. */
  line?: number
}

/** A program made of a chain of blocks. */
export interface AssembledProgram {
  code: string
  spans: PartSpan[]
  diagnostics: Diagnostic[]
  /** The names the hoisted imports bind. */
  imports: ImportBinding[]
}

/** The global function the runtime provides to mark the start of a block. */
export const BLOCK_MARKER = '__esBlock'

/** How `assembleProgram` treats imports and blocks. */
export interface AssembleOptions {
  /** The specifier to import instead of `specifier` (a runtime module's URL), or `undefined` if there is none. */
  resolve(specifier: string): string | undefined
  /** The message for a specifier `resolve` does not know. */
  unknownModule(specifier: string): string
  /** Start each block with a call to `__esBlock(n)`. @default true */
  markers?: boolean
  /** Keep type-only imports (for type-checking; they are erased at run time anyway). @default false */
  typeImports?: boolean
}

/** Joins the blocks of a chain into one program, its imports hoisted onto line 1 and resolved with `options.resolve`. */
export function assembleProgram(parts: readonly ProgramPart[], options: AssembleOptions): AssembledProgram {
  const diagnostics: Diagnostic[] = []
  const header: string[] = []
  const imports: ImportBinding[] = []
  const bound = new Map<string, { key: string; specifier: string }>()
  const sideEffects = new Set<string>()
  const body: string[] = []
  const spans: PartSpan[] = []
  let nextLine = 2

  parts.forEach((part, index) => {
    let code = part.code
    const statements = findImports(code)
    for (const statement of statements.toReversed()) code = blank(code, statement.start, statement.end)
    for (const statement of statements) {
      const url = options.resolve(statement.specifier)
      if (url === undefined) {
        diagnostics.push({
          message: options.unknownModule(statement.specifier),
          part: index,
          line: statement.specifierLine,
          column: statement.specifierColumn,
        })
        continue
      }
      const fresh: ImportBinding[] = []
      for (const binding of statement.bindings) {
        if (binding.typeOnly && !options.typeImports) continue
        const key = `${url}#${binding.imported}`
        const earlier = bound.get(binding.local)
        if (!earlier) {
          bound.set(binding.local, { key, specifier: statement.specifier })
          fresh.push(binding)
        } else if (earlier.key !== key) {
          diagnostics.push({
            message: messages.duplicateImport(binding.local, earlier.specifier),
            part: index,
            line: statement.line,
            column: 1,
          })
        }
      }
      if (statement.sideEffectOnly && !sideEffects.has(url)) {
        sideEffects.add(url)
        header.push(`import ${JSON.stringify(url)};`)
      }
      header.push(...importStatements(fresh, url))
      imports.push(...fresh)
    }
    for (const call of findDynamicImports(code).toReversed()) {
      const url = options.resolve(call.specifier)
      if (url !== undefined) code = `${code.slice(0, call.start)}import(${JSON.stringify(url)})${code.slice(call.end)}`
    }

    if (part.line !== undefined && part.line > nextLine) {
      body.push(...Array<string>(part.line - nextLine).fill(''))
      nextLine = part.line
    }
    const marker = options.markers === false ? '' : `${BLOCK_MARKER}(${index});`
    const lines = code.split('\n')
    lines[0] = marker + lines[0]
    spans.push({ part: index, startLine: nextLine, lineCount: lines.length, firstLineOffset: marker.length })
    body.push(...lines)
    nextLine += lines.length
  })

  return { code: [header.join(' '), ...body].join('\n') + '\n', spans, diagnostics, imports }
}

function importStatements(bindings: ImportBinding[], url: string): string[] {
  const from = `from ${JSON.stringify(url)};`
  const statements: string[] = []
  const named: string[] = []
  for (const { imported, local, typeOnly } of bindings) {
    const type = typeOnly ? 'type ' : ''
    if (imported === '*') statements.push(`import ${type}* as ${local} ${from}`)
    else if (imported === 'default') statements.push(`import ${type}${local} ${from}`)
    else if (imported === local) named.push(type + local)
    else named.push(`${type}${/^[\w$]+$/.test(imported) ? imported : JSON.stringify(imported)} as ${local}`)
  }
  if (named.length) statements.push(`import { ${named.join(', ')} } ${from}`)
  return statements
}

/** Where a program position (1-based line and column) is in the chain's blocks, if it is in one. */
export function locateInParts(
  spans: readonly PartSpan[],
  line: number,
  column: number,
): { part: number; line: number; column: number } | undefined {
  for (const span of spans) {
    if (line >= span.startLine && line < span.startLine + span.lineCount) {
      const lineInPart = line - span.startLine + 1
      const offset = lineInPart === 1 ? span.firstLineOffset : 0
      return { part: span.part, line: lineInPart, column: Math.max(1, column - offset) }
    }
  }
  return undefined
}
