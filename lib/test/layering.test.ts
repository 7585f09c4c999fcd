/**
 * The layers' dependencies point one way, and the browser-safe layers stay browser-safe: no Node
 * built-ins, and they bundle for `platform: 'browser'`.
 */
import { readdirSync, readFileSync } from 'node:fs'
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
  postgres: ['persistence', 'utils'],
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
  '.',
])

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

const imports = sourceFiles(SRC).map((file) => ({
  file: relative(SRC, file),
  layer: layerOf(file),
  specifiers: [...readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map(
    (match) => match[1]!,
  ),
}))

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

  it('the browser-safe layers import no Node built-ins and no packages but uuid', () => {
    const violations = imports
      .filter(({ layer }) => BROWSER_SAFE.has(layer))
      .flatMap(({ file, specifiers }) =>
        specifiers.filter((s) => !s.startsWith('.') && s !== 'uuid').map((s) => `${file} imports ${s}`),
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
  ])('%s bundles for the browser', async (entry) => {
    const result = await build({
      entryPoints: [join(SRC, entry)],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    })
    expect(result.errors).toEqual([])
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/)
  })
})
