// Node only.
/**
 * Builds the playground's runtime modules: the library (every browser-safe subpath, code-split so that they
 * share one copy), `node:assert/strict` and `vitest`, and the script of the browser's run worker. One build serves
 * the site (the Vite plugin emits the files as static assets) and `tutorial-tests` (which writes them to a temporary
 * directory), so both run snippets against the same files. The library comes from `lib/dist`, built by
 * `npm run build:lib`.
 */
import { existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import type * as esbuild from 'esbuild'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { PGlite } from '@electric-sql/pglite'
import {
  ASSERT_SPECIFIER,
  LIBRARY_SPECIFIERS,
  runtimeModuleFile,
  PGLITE_INITDB_PARAMS,
  PGLITE_TEMPLATE_FILE,
  SANDBOX_WORKER_FILE,
  SQLJS_WASM_FILE,
  STORE_SPECIFIERS,
  TESTING_SPECIFIER,
} from '../compiler/modules'

/** The repository's root directory. */
export const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..')

/** One built file, at a path relative to the runtime modules' directory (text, or bytes for WebAssembly). */
export interface RuntimeFile {
  path: string
  contents: string | Uint8Array
}

/** The built runtime modules, with a hash of their contents (for a cacheable directory name). */
export interface RuntimeModules {
  files: RuntimeFile[]
  hash: string
}

/** Options of {@link buildRuntimeModules}. */
export interface RuntimeModulesOptions {
  /**
   * Also make a new PostgreSQL database's files ({@link PGLITE_TEMPLATE_FILE}), which takes PGlite seconds: the site
   * needs it, `tutorial-tests` (whose databases start in Node) does not. @default false
   */
  pgliteTemplate?: boolean
}

/**
 * Builds the runtime modules with the given esbuild (native esbuild, same version as the browser's esbuild-wasm).
 * @throws {Error} if the library has not been built (`lib/dist` is missing).
 */
export async function buildRuntimeModules(
  build: typeof esbuild.build,
  options: RuntimeModulesOptions = {},
): Promise<RuntimeModules> {
  const dist = path.join(ROOT, 'lib/dist/index.js')
  if (!existsSync(dist)) {
    throw new Error(`The library is not built (${dist} is missing): run \`npm run build:lib\` first.`)
  }
  const here = fileURLToPath(new URL('..', import.meta.url))
  const entryPoints: Record<string, string> = {}
  for (const specifier of [...LIBRARY_SPECIFIERS, ...STORE_SPECIFIERS]) entryPoints[name(specifier)] = specifier
  entryPoints[name(ASSERT_SPECIFIER)] = path.join(here, 'learner-modules/node-assert.ts')
  entryPoints[name(TESTING_SPECIFIER)] = path.join(here, 'learner-modules/vitest.ts')
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: '/runtime',
    chunkNames: 'chunk-[hash]',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    // A run reaches PostgreSQL through the page's database worker (eventsourcing/pglite's openPgliteWith), so the
    // runtime never loads PGlite itself: its import is left unresolved, and never run.
    external: ['@electric-sql/pglite'],
  })
  // The sandbox's worker runs as a classic script (see page/sandbox.ts): one file, with nothing to import but what
  // it loads by import() at run time.
  const worker = await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(here, 'worker/web-worker.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
  })
  const files = result.outputFiles
    .map((file): RuntimeFile => ({ path: path.relative('/runtime', file.path), contents: file.text }))
    .concat({ path: SANDBOX_WORKER_FILE, contents: worker.outputFiles[0]!.text })
    .concat({ path: SQLJS_WASM_FILE, contents: readFileSync(sqlJsWasm()) })
    .concat(options.pgliteTemplate ? [{ path: PGLITE_TEMPLATE_FILE, contents: await pgliteTemplate() }] : [])
    .sort((a, b) => a.path.localeCompare(b.path))
  const hash = createHash('sha256')
  for (const file of files) hash.update(file.path).update('\0').update(file.contents).update('\0')
  return { files, hash: hash.digest('hex').slice(0, 10) }
}

/** A new PostgreSQL database's files, as PGlite's `dumpDataDir('gzip')` gives them. */
async function pgliteTemplate(): Promise<Uint8Array> {
  const database = await PGlite.create({ initDbStartParams: [...PGLITE_INITDB_PARAMS] })
  try {
    return new Uint8Array(await (await database.dumpDataDir('gzip')).arrayBuffer())
  } finally {
    await database.close()
  }
}

/** The path of sql.js's WebAssembly build for browsers, which the runtime's `eventsourcing/sqlite` loads. */
function sqlJsWasm(): string {
  return createRequire(import.meta.url).resolve(`sql.js/dist/${SQLJS_WASM_FILE}`)
}

function name(specifier: string): string {
  return runtimeModuleFile(specifier).replace(/\.js$/, '')
}
