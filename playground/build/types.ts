// Node only.
/**
 * Builds the type declarations snippets are checked against: the library's `.d.ts` files from `lib/dist`, and
 * the playground's `node:assert/strict` and `vitest` modules, each wrapped as ambient `declare module '…'`
 * blocks (the form Monaco's `addExtraLib` needs). The editor (through the Vite plugin) and `tutorial-tests`'
 * type-check both use these, so the tests check what the editor shows.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { ROOT } from './runtime-modules'
import { ASSERT_SPECIFIER, TESTING_SPECIFIER } from '../compiler/modules'

/** The ambient declarations of the library, of `node:assert/strict` and of `vitest`. */
export interface PlaygroundTypes {
  library: string
  assert: string
  testing: string
}

/** Reads the built declarations and wraps them; the library must be built (`npm run build:lib`). */
export function buildPlaygroundTypes(): PlaygroundTypes {
  const here = fileURLToPath(new URL('..', import.meta.url))
  return {
    library: libraryTypes(),
    assert: moduleTypes(path.join(here, 'learner-modules/node-assert.ts'), ASSERT_SPECIFIER),
    testing: moduleTypes(path.join(here, 'learner-modules/vitest.ts'), TESTING_SPECIFIER),
  }
}

/** Every `.d.ts` of `lib/dist` as a `declare module 'eventsourcing/dist/…'`, and each public subpath re-exporting its index. */
export function libraryTypes(): string {
  const dist = path.join(ROOT, 'lib/dist')
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'lib/package.json'), 'utf8')) as {
    exports: Record<string, string | { types?: string }>
  }
  const blocks: string[] = []
  const files = readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.d.ts'))
    .sort()
  for (const file of files) {
    const name = internalName(file)
    const text = readFileSync(path.join(dist, file), 'utf8')
      .replace(/^\/\/# sourceMappingURL=.*$/gm, '')
      .replace(/^\/\/\/ <reference .*$/gm, '')
      .replace(
        /((?:from|import)\s*\(?\s*)(['"])(\.\.?\/[^'"]+)\2/g,
        (_, before: string, quote: string, relative: string) => {
          const target = path.posix.join(path.posix.dirname(file.split(path.sep).join('/')), relative)
          return `${before}${quote}${internalName(target)}${quote}`
        },
      )
    blocks.push(ambientModule(name, text))
  }
  for (const [subpath, entry] of Object.entries(manifest.exports)) {
    const types = typeof entry === 'string' ? undefined : entry.types
    if (!types) continue
    const specifier = `eventsourcing${subpath.slice(1)}`
    blocks.push(
      `declare module '${specifier}' {\n  export * from '${internalName(path.posix.relative('dist', types.replace(/^\.\//, '')))}'\n}`,
    )
  }
  return blocks.join('\n\n') + '\n'
}

function internalName(file: string): string {
  return `eventsourcing/dist/${file
    .split(path.sep)
    .join('/')
    .replace(/(\.d)?\.(ts|js)$/, '')}`
}

/** The declarations of one of the playground's own modules, declared as `specifier`. */
export function moduleTypes(sourceFile: string, specifier: string): string {
  const { outputText } = ts.transpileDeclaration(readFileSync(sourceFile, 'utf8'), {
    fileName: sourceFile,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, strict: true },
  })
  const text = outputText.replace(/^import .*$/gm, '')
  return `${ambientModule(specifier, text)}\n`
}

/** Wraps a module's declarations in `declare module`, dropping `declare` modifiers (an ambient context has them). */
function ambientModule(name: string, text: string): string {
  const body = text
    .replace(/^(\s*)(export\s+)?declare\s+/gm, '$1$2')
    .replace(/^export \{\};?\s*$/gm, '')
    .trim()
  return `declare module '${name}' {\n${body}\n}`
}
