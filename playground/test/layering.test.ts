// Node only.
/**
 * The engine's folders are sorted by where their code runs, and this test keeps them so: imports between the
 * folders point one way (`ALLOWED`), nothing outside `page/` touches the DOM or loads a browser-only package, and
 * each file's first line names its environment, which must be its folder's (`ENVIRONMENT`). Files inside the
 * package import each other's files directly (keeping lazy chunks and the learner modules' bundles small); the
 * folders' `index.ts` files are the entry points for other packages.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

/**
 * Which folders each folder may import (besides itself). The graph is one-way: `shared` is the leaf; the pure
 * `compiler` uses only `shared`; the worker's runtime uses the compiler's markers and source maps; the learner
 * modules (`node:assert/strict`, `vitest` stand-ins) run in the worker beside it; the host (the page side of the
 * worker protocol, also used by `tutorial-tests`) knows the compiler's result; the page uses the host and the
 * compiler, and never the worker's code (it starts the worker by URL); the build compiles and reads fences.
 */
const ALLOWED: Record<string, string[]> = {
  shared: [],
  compiler: ['shared'],
  worker: ['shared', 'compiler'],
  'learner-modules': ['worker', 'shared'],
  host: ['shared', 'compiler'],
  page: ['shared', 'compiler', 'host'],
  build: ['shared', 'compiler'],
  test: [],
}

/** The first line every source file of a folder starts with. */
const ENVIRONMENT: Record<string, string> = {
  shared: '// Pure.',
  compiler: '// Pure.',
  host: '// Pure.',
  worker: '// Worker.',
  'learner-modules': '// Worker.',
  page: '// Browser only.',
  build: '// Node only.',
  test: '// Node only.',
}

/** Folders whose code may run outside a window (in a worker, in Node or both). */
const NO_DOM = Object.keys(ENVIRONMENT).filter((folder) => folder !== 'page')
/** Folders whose code may run in a Web Worker or in the page, where Node's built-ins do not exist. */
const NO_NODE = ['shared', 'compiler', 'host', 'worker', 'learner-modules']
/** Globals that exist only in a window. */
const DOM_GLOBALS = new Set([
  'document',
  'window',
  'localStorage',
  'sessionStorage',
  'customElements',
  'HTMLElement',
  'matchMedia',
])
/** Modules that load only in the page (Monaco, esbuild-wasm, Vite's virtual modules and `?worker`/`?url` imports). */
const PAGE_ONLY_MODULE = /^(monaco-editor|esbuild-wasm|virtual:playground\/)|\?(worker|url|inline)$/

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

interface SourceFile {
  file: string
  folder: string
  test: boolean
  text: string
  specifiers: string[]
  identifiers: Set<string>
}

function read(path: string): SourceFile {
  const file = relative(ROOT, path)
  const text = readFileSync(path, 'utf8')
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true)
  const specifiers: string[] = []
  const identifiers = new Set<string>()
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      specifiers.push((node.moduleSpecifier as ts.StringLiteral).text)
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      specifiers.push(node.arguments[0].text)
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      specifiers.push((node.argument.literal as ts.StringLiteral).text)
    } else if (ts.isIdentifier(node)) {
      identifiers.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return { file, folder: file.split('/')[0]!, test: file.endsWith('.test.ts'), text, specifiers, identifiers }
}

const sources = Object.keys(ENVIRONMENT).flatMap((folder) => files(join(ROOT, folder)).map(read))

describe('the live-code engine', () => {
  it('has a file in every folder it names', () => {
    expect(new Set(sources.map((source) => source.folder))).toEqual(new Set(Object.keys(ENVIRONMENT)))
  })

  it('imports between its folders only along ALLOWED, and never outside the package by path', () => {
    const violations = sources.flatMap(({ file, folder, specifiers }) =>
      specifiers
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => relative(ROOT, resolve(ROOT, file, '..', specifier)))
        .map((target) => (target.startsWith('..') ? target : target.split('/')[0]!))
        .filter((target) => target !== folder && !ALLOWED[folder]!.includes(target))
        .map((target) => `${file} imports ${target}`),
    )
    expect(violations).toEqual([])
  })

  it('keeps the DOM, Monaco and esbuild-wasm in page/', () => {
    const violations = sources
      .filter(({ folder }) => NO_DOM.includes(folder))
      .flatMap(({ file, specifiers, identifiers }) => [
        ...specifiers.filter((specifier) => PAGE_ONLY_MODULE.test(specifier)).map((s) => `${file} imports ${s}`),
        ...[...identifiers].filter((name) => DOM_GLOBALS.has(name)).map((name) => `${file} uses ${name}`),
      ])
    expect(violations).toEqual([])
  })

  it("keeps Node's built-ins out of the code that runs in the page or a Web Worker", () => {
    const violations = sources
      .filter(({ folder, test }) => NO_NODE.includes(folder) && !test)
      .flatMap(({ file, specifiers }) =>
        specifiers.filter((specifier) => specifier.startsWith('node:')).map((s) => `${file} imports ${s}`),
      )
    expect(violations).toEqual([])
  })

  it("opens every source file with its folder's environment header", () => {
    const violations = sources
      .filter(({ test }) => !test)
      .filter(({ folder, text }) => text.split('\n', 1)[0] !== ENVIRONMENT[folder])
      .map(({ file, folder }) => `${file} should start with "${ENVIRONMENT[folder]}"`)
    expect(violations).toEqual([])
  })
})
