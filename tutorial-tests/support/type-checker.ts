/**
 * Type-checks a block as the editor does: TypeScript 5.9.3 (Monaco's version), the editor's compiler options,
 * the same library and assert declarations, and the same context files for the earlier blocks of its chain.
 */
import ts from 'typescript'
import { buildPlaygroundTypes } from '@eventsourcing/playground/build'
import { SNIPPET_COMPILER_OPTIONS, typeContext } from '@eventsourcing/playground/compiler'

/** A type error in a block, at a 1-based line and column. */
export interface TypeError {
  line: number
  column: number
  message: string
}

const options = SNIPPET_COMPILER_OPTIONS as unknown as ts.CompilerOptions
let declarations: Record<string, string> | undefined
const sourceFiles = new Map<string, ts.SourceFile>()
let previous: ts.Program | undefined
let checks = 0

function typeFiles(): Record<string, string> {
  if (!declarations) {
    const types = buildPlaygroundTypes()
    declarations = {
      '/playground/types/eventsourcing.d.ts': types.library,
      '/playground/types/assert.d.ts': types.assert,
      '/playground/types/vitest.d.ts': types.testing,
    }
  }
  return declarations
}

/** The type errors of `code`, run after the blocks `earlier`. */
export function typeCheckBlock(code: string, earlier: readonly string[] = []): TypeError[] {
  const directory = `/playground/chain-${++checks}`
  const blockFile = `${directory}/block.ts`
  const files: Record<string, string> = { ...typeFiles(), [blockFile]: code }
  for (const file of typeContext(earlier, directory)) files[file.fileName] = file.text
  const host = ts.createCompilerHost(options)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, languageVersion) => {
    if (fileName in files) {
      if (fileName.startsWith('/playground/types/')) {
        let cached = sourceFiles.get(fileName)
        if (!cached)
          sourceFiles.set(fileName, (cached = ts.createSourceFile(fileName, files[fileName]!, languageVersion)))
        return cached
      }
      return ts.createSourceFile(fileName, files[fileName]!, languageVersion)
    }
    let cached = sourceFiles.get(fileName)
    if (!cached) {
      cached = read(fileName, languageVersion)
      if (cached) sourceFiles.set(fileName, cached)
    }
    return cached
  }
  const exists = host.fileExists.bind(host)
  host.fileExists = (fileName) => fileName in files || exists(fileName)
  const readFile = host.readFile.bind(host)
  host.readFile = (fileName) => files[fileName] ?? readFile(fileName)
  const directoryExists = host.directoryExists?.bind(host)
  host.directoryExists = (name) =>
    Object.keys(files).some((file) => file.startsWith(`${name}/`)) || (directoryExists?.(name) ?? false)
  const program = ts.createProgram({
    rootNames: Object.keys(files),
    options,
    host,
    ...(previous ? { oldProgram: previous } : {}),
  })
  previous = program
  const source = program.getSourceFile(blockFile)!
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((diagnostic) => {
    const { line, character } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0)
    return {
      line: line + 1,
      column: character + 1,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
    }
  })
}
