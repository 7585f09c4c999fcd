// Pure.
/**
 * Finds the `import` statements of a snippet, so that the blocks of a chain can be joined into one module:
 * each block keeps its own imports for the reader, and the program hoists them into one header without
 * declaring a name twice. A statement is recognised when `import` starts a line, which is how snippets are
 * written; an `import` line inside a template literal would be taken for one.
 */

/** One name an import statement binds. */
export interface ImportBinding {
  /** The exported name (`default` for a default import, `*` for a namespace import). */
  imported: string
  /** The local name. */
  local: string
  /** `import { type X }` or `import type …`: erased at run time. */
  typeOnly: boolean
}

/** One `import … from '…'` (or `import '…'`) statement of a snippet. */
export interface ImportStatement {
  /** Offset of the statement's first character in the snippet. */
  start: number
  /** Offset just after the statement (after its `;`, if any). */
  end: number
  /** 1-based line of the statement's start. */
  line: number
  /** 1-based column of the module specifier's opening quote. */
  specifierColumn: number
  /** 1-based line of the module specifier. */
  specifierLine: number
  specifier: string
  bindings: ImportBinding[]
  /** `import 'x'`: imported for its side effects only. */
  sideEffectOnly: boolean
}

const STATEMENT = /^[ \t]*import\s+(?:(type)\s+)?(?:([^'";]*?)\s*from\s*)?(['"])([^'"\n]+)\3[ \t]*;?/gm

/** Finds the static import statements of a snippet, in order. */
export function findImports(code: string): ImportStatement[] {
  const statements: ImportStatement[] = []
  for (const match of code.matchAll(STATEMENT)) {
    const typeOnly = match[1] === 'type'
    const clause = match[2]?.trim()
    const start = match.index + match[0].search(/\S/)
    const quoteOffset = match.index + match[0].lastIndexOf(match[3]! + match[4]! + match[3]!)
    const { line, column } = position(code, quoteOffset)
    statements.push({
      start,
      end: match.index + match[0].length,
      line: position(code, start).line,
      specifierLine: line,
      specifierColumn: column,
      specifier: match[4]!,
      bindings: clause ? parseClause(clause, typeOnly) : [],
      sideEffectOnly: !clause,
    })
  }
  return statements
}

/** Finds `import('x')` calls whose argument is a string literal. */
export function findDynamicImports(code: string): Array<{ start: number; end: number; specifier: string }> {
  return [...code.matchAll(/\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    specifier: match[2]!,
  }))
}

function parseClause(clause: string, typeOnly: boolean): ImportBinding[] {
  const bindings: ImportBinding[] = []
  let rest = clause
  const defaultMatch = /^([\w$]+)\s*(?:,\s*|$)/.exec(rest)
  if (defaultMatch) {
    bindings.push({ imported: 'default', local: defaultMatch[1]!, typeOnly })
    rest = rest.slice(defaultMatch[0].length)
  }
  const namespace = /^\*\s*as\s+([\w$]+)/.exec(rest)
  if (namespace) bindings.push({ imported: '*', local: namespace[1]!, typeOnly })
  const named = /^\{([^}]*)\}/.exec(rest)
  if (named) {
    for (const part of named[1]!.split(',')) {
      const specifier = /^\s*(type\s+)?([\w$]+|'[^']*'|"[^"]*")(?:\s+as\s+([\w$]+))?\s*$/.exec(part)
      if (!specifier) continue
      const imported = specifier[2]!.replace(/^['"]|['"]$/g, '')
      bindings.push({ imported, local: specifier[3] ?? imported, typeOnly: typeOnly || !!specifier[1] })
    }
  }
  return bindings
}

/** The 1-based line and column of an offset. */
export function position(code: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (code.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

/** Replaces a range of code with spaces, keeping its line breaks (so that every later position stays put). */
export function blank(code: string, start: number, end: number): string {
  return code.slice(0, start) + code.slice(start, end).replace(/[^\n]/g, ' ') + code.slice(end)
}
