// Pure.
/**
 * Lets the type checker see what earlier blocks define, while the editor holds only the reader's block. The
 * earlier blocks of the chain become a module (`prefix.ts`) that exports every top-level name they declare or
 * import; a declaration file (`context.d.ts`) declares those names as globals typed after that module. The
 * block's own file then type-checks as the block runs: after the earlier blocks, in one scope. Names are found
 * by their declarations at the start of a line, as snippets are formatted. Pure: Monaco and `tutorial-tests`
 * build the same files.
 */
import { assembleProgram } from './program'

/** A file for the type checker. */
export interface TypeFile {
  fileName: string
  text: string
}

/** A top-level name of the earlier blocks, and whether it is a value, a type, or both. */
interface Declared {
  name: string
  value: 'const' | 'let' | false
  /** Type parameter count; `false` when the name is no type. */
  typeParameters: number | false
}

const DECLARATION =
  /^(export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(class|interface|type|const\s+enum|enum|namespace|(?:async\s+)?function\s*\*?|const|let|var|using)\s*([\w$]+|\{[^}]*\}|\[[^\]]*\])/gm

/**
 * The files that give a block the context of the earlier blocks of its chain, in the directory `directory`
 * (the block's own file should be `${directory}/block.ts`); none when there are no earlier blocks.
 */
export function typeContext(earlier: readonly string[], directory: string): TypeFile[] {
  if (earlier.length === 0) return []
  const assembled = assembleProgram(
    earlier.map((code) => ({ code })),
    { resolve: (specifier) => specifier, unknownModule: () => '', markers: false, typeImports: true },
  )
  const declared = new Map<string, Declared>()
  for (const binding of assembled.imports) {
    const type = /^[A-Z]/.test(binding.local) ? 0 : false
    declared.set(binding.local, {
      name: binding.local,
      value: binding.typeOnly ? false : 'const',
      typeParameters: type,
    })
  }
  const exported: string[] = [...declared.keys()]
  for (const match of assembled.code.matchAll(DECLARATION)) {
    const [, exportKeyword, kind, target] = match
    const keyword = kind!.replace(/\s+/g, ' ')
    const isType = ['class', 'interface', 'type', 'enum', 'const enum'].includes(keyword)
    const value =
      keyword === 'let' || keyword === 'var' ? 'let' : keyword === 'interface' || keyword === 'type' ? false : 'const'
    const typeParameters = isType ? countTypeParameters(assembled.code, match.index + match[0].length) : false
    for (const name of bindingNames(target!)) {
      declared.set(name, { name, value, typeParameters })
      if (!exportKeyword) exported.push(name)
    }
  }
  const names = [...new Set(exported)]
  const prefix = `${assembled.code}\nexport { ${names.join(', ')} }\n`
  const lines = [`import type * as __chain from './prefix'`, '', 'declare global {']
  for (const { name, value, typeParameters } of declared.values()) {
    if (value) lines.push(`  ${value} ${name}: typeof __chain.${name}`)
    if (typeParameters !== false) {
      const parameters = Array.from({ length: typeParameters }, (_, i) => `T${i}`)
      const list = parameters.length ? `<${parameters.map((p) => `${p} = any`).join(', ')}>` : ''
      const args = parameters.length ? `<${parameters.join(', ')}>` : ''
      lines.push(`  type ${name}${list} = __chain.${name}${args}`)
    }
  }
  lines.push('}', '', 'export {}', '')
  return [
    { fileName: `${directory}/prefix.ts`, text: prefix },
    { fileName: `${directory}/context.d.ts`, text: lines.join('\n') },
  ]
}

function bindingNames(target: string): string[] {
  if (!/^[{[]/.test(target)) return [target]
  return target
    .slice(1, -1)
    .split(',')
    .map((part) =>
      part
        .split(':')
        .at(-1)!
        .split('=')[0]!
        .replace(/\.\.\./, '')
        .trim(),
    )
    .filter((name) => /^[\w$]+$/.test(name))
}

/** Counts the type parameters of a declaration whose name ends at `offset` (`class Box<T, U>` has 2). */
function countTypeParameters(code: string, offset: number): number {
  let i = offset
  while (code[i] === ' ') i++
  if (code[i] !== '<') return 0
  let depth = 0
  let count = 1
  for (; i < code.length; i++) {
    const char = code[i]!
    if ('<([{'.includes(char)) depth++
    else if ('>)]}'.includes(char)) {
      depth--
      if (depth === 0) return count
    } else if (char === ',' && depth === 1) count++
  }
  return count
}
