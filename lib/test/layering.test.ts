/**
 * The layers' dependencies point one way, and the browser-safe layers stay browser-safe: no Node
 * built-ins, and they bundle for `platform: 'browser'`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')
const ALLOWED: Record<string, string[]> = {
  utils: [],
  domain: ['utils'],
  persistence: ['domain', 'utils'],
  application: ['domain', 'persistence', 'utils'],
  cipher: ['persistence', 'utils'],
  compressor: ['persistence', 'utils'],
  sqlite: ['persistence', 'utils'],
  // The SQL and recorders both PostgreSQL stores run; no driver, so PGlite's store bundles without pg.
  'postgres-core': ['persistence', 'utils'],
  postgres: ['postgres-core', 'persistence', 'utils'],
  pglite: ['postgres-core', 'persistence', 'utils'],
  system: ['application', 'domain', 'persistence', 'utils'],
  projection: ['application', 'domain', 'persistence', 'utils'],
  // Node only (worker threads): not in BROWSER_SAFE.
  multiprocess: ['system', 'application', 'domain', 'persistence', 'utils'],
  testing: ['domain', 'utils'],
  '.': ['domain', 'application', 'persistence'],
}
const BROWSER_SAFE = new Set([
  'utils',
  'domain',
  'persistence',
  'application',
  'system',
  'projection',
  'cipher',
  'compressor',
  'testing',
  'postgres-core',
  'pglite',
  '.',
])
/** The packages a browser-safe layer may import: uuid everywhere, and PGlite (which runs in a browser) in its store. */
const BROWSER_PACKAGES: Record<string, string[]> = { pglite: ['@electric-sql/pglite'] }

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : []
  })
}

const layerOf = (file: string) => {
  const parts = relative(SRC, file).split('/')
  return parts.length === 1 ? '.' : parts[0]!
}

/** Every import and re-export of each source file; `typeOnly` ones (`import type`, `export type`) are erased. */
const imports = sourceFiles(SRC).map((file) => {
  const statements = [
    ...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)(\s+type)?[^'"]*?from\s+'([^']+)'/g),
  ]
  return {
    file: relative(SRC, file),
    layer: layerOf(file),
    specifiers: statements.map((match) => match[2]!),
    statements: statements.map((match) => ({ specifier: match[2]!, typeOnly: match[1] !== undefined })),
  }
})

/** The source file (relative to `src`, `.ts`) that a relative specifier in `file` names. */
const target = (file: string, specifier: string) =>
  relative(SRC, resolve(SRC, file, '..', specifier)).replace(/\.js$/, '.ts')

/** The folders that have an `index.ts`: their public face, and the only file other folders may import. */
const FOLDERS_WITH_INDEX = new Set(
  readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(SRC, entry.name, 'index.ts')))
    .map((entry) => entry.name),
)

describe('layering', () => {
  it('each layer imports only the layers below it', () => {
    const violations = imports.flatMap(({ file, layer, specifiers }) =>
      specifiers
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => layerOf(resolve(SRC, file, '..', specifier)))
        .filter((target) => target !== layer && !(ALLOWED[layer] ?? []).includes(target))
        .map((target) => `${file} imports the ${target} layer`),
    )
    expect(violations).toEqual([])
  })

  it('imports another folder only through its index.ts; utils, internal helpers with no index, by file', () => {
    // utils is no module of its own (no subpath, no public names): a leaf of helpers, each imported by file.
    expect(
      readdirSync(SRC, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !FOLDERS_WITH_INDEX.has(entry.name))
        .map((entry) => entry.name),
    ).toEqual(['utils'])
    const violations = imports.flatMap(({ file, layer, specifiers }) =>
      specifiers
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => target(file, specifier))
        .filter((imported) => {
          const folder = layerOf(join(SRC, imported))
          return folder !== layer && FOLDERS_WITH_INDEX.has(folder) && imported !== `${folder}/index.ts`
        })
        .map((imported) => `${file} imports ${imported}, not its folder's index.ts`),
    )
    expect(violations).toEqual([])
  })

  it('no source file imports itself through other files at run time (type-only imports aside)', () => {
    const edges = new Map(
      imports.map(({ file, statements }) => [
        file,
        statements.filter((s) => !s.typeOnly && s.specifier.startsWith('.')).map((s) => target(file, s.specifier)),
      ]),
    )
    const cycles: string[] = []
    const state = new Map<string, 'visiting' | 'done'>()
    const visit = (file: string, path: string[]): void => {
      state.set(file, 'visiting')
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'visiting') cycles.push([...path, file, next].slice(path.indexOf(next)).join(' → '))
        else if (!state.has(next)) visit(next, [...path, file])
      }
      state.set(file, 'done')
    }
    for (const file of edges.keys()) if (!state.has(file)) visit(file, [])
    expect(cycles).toEqual([])
  })

  it('the browser-safe layers import no Node built-ins and no packages but uuid (and PGlite in its store)', () => {
    const violations = imports
      .filter(({ layer }) => BROWSER_SAFE.has(layer))
      .flatMap(({ file, layer, specifiers }) =>
        specifiers
          .filter((s) => !s.startsWith('.') && s !== 'uuid' && !(BROWSER_PACKAGES[layer] ?? []).includes(s))
          .map((s) => `${file} imports ${s}`),
      )
    expect(violations).toEqual([])
  })

  it.each([
    'index.ts',
    'domain/index.ts',
    'application/index.ts',
    'persistence/index.ts',
    'testing/index.ts',
    'system/index.ts',
    'projection/index.ts',
    'cipher/index.ts',
    'compressor/index.ts',
    // The browser entry of eventsourcing/sqlite (sql.js), which bundlers pick by the `browser` condition.
    'sqlite/index.browser.ts',
    'pglite/index.ts',
  ])('%s bundles for the browser', async (entry) => {
    const result = await build({
      entryPoints: [join(SRC, entry)],
      // PGlite is the application's to bundle, as PGlite's docs say (its Node code paths load node:module).
      external: ['@electric-sql/pglite'],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    })
    expect(result.errors).toEqual([])
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/)
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']pg["']/)
  })
})
