// Pure.
/**
 * The modules a snippet may import, and where each is served from. Snippets are written as in a reader's own
 * Node project (`import { Aggregate } from 'eventsourcing/domain'`, `import assert from 'node:assert/strict'`,
 * `import { test } from 'vitest'`); the compiler rewrites those specifiers to the URLs of the playground's
 * runtime modules, in the browser and in `tutorial-tests` alike. The runtime modules are one esbuild build with
 * code splitting, so every library subpath shares one copy of the library (one topic registry per run).
 */
import { messages } from '../shared/messages'

/** The library's browser-safe subpaths. */
export const LIBRARY_SPECIFIERS = [
  'eventsourcing',
  'eventsourcing/domain',
  'eventsourcing/application',
  'eventsourcing/system',
  'eventsourcing/projection',
  'eventsourcing/persistence',
  'eventsourcing/cipher',
  'eventsourcing/compressor',
  'eventsourcing/testing',
] as const

/**
 * The library's stores that run in the browser (SQLite on sql.js, PostgreSQL on PGlite): served like the other
 * subpaths, but loaded only by a run that uses them (their WASM is megabytes), not ahead of every run.
 */
export const STORE_SPECIFIERS = ['eventsourcing/sqlite', 'eventsourcing/pglite'] as const

/** The library's subpaths that need Node (only a node-only block may import them). */
export const NODE_LIBRARY_SPECIFIERS = ['eventsourcing/postgres'] as const

/** The assert module of snippets: Node's strict assert, served by the playground's own implementation. */
export const ASSERT_SPECIFIER = 'node:assert/strict'

/** The test registration module of snippets and exercises (`test(name, fn)`), as in a vitest project. */
export const TESTING_SPECIFIER = 'vitest'

/** Every specifier the browser playground serves. */
export const PLAYGROUND_SPECIFIERS: readonly string[] = [
  ...LIBRARY_SPECIFIERS,
  ...STORE_SPECIFIERS,
  ASSERT_SPECIFIER,
  TESTING_SPECIFIER,
]

/**
 * A new PostgreSQL database's files, made at build time (gzipped tar, PGlite's `dumpDataDir`), served beside the
 * runtime modules: the page's first PostgreSQL database starts from it instead of running initdb in the browser.
 */
export const PGLITE_TEMPLATE_FILE = 'pglite-template.tar.gz'

/** The options PostgreSQL's databases are made with, here and in the page: the smallest write-ahead log segments. */
export const PGLITE_INITDB_PARAMS: readonly string[] = ['--wal-segsize=1']

/**
 * The script of a run's worker in the browser's sandbox (`worker/web-worker.ts`, bundled as one classic script),
 * served beside the runtime modules: the page hands its text to the sandbox, which cannot fetch it.
 */
export const SANDBOX_WORKER_FILE = 'sandbox-worker.js'

/** The file of sql.js's WebAssembly, served beside the runtime modules. */
export const SQLJS_WASM_FILE = 'sql-wasm-browser.wasm'

/** Maps each importable specifier to the URL that serves it. */
export type ModuleMap = Readonly<Record<string, string>>

/** The file name of a runtime module in the runtime modules' directory: `eventsourcing/domain` → `eventsourcing-domain.js`. */
export function runtimeModuleFile(specifier: string): string {
  return `${specifier.replace(/[^\w]+/g, '-')}.js`
}

/** The module map of the playground, whose runtime modules are served from the directory `baseUrl`. */
export function playgroundModules(baseUrl: string): ModuleMap {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
  return Object.fromEntries(PLAYGROUND_SPECIFIERS.map((specifier) => [specifier, base + runtimeModuleFile(specifier)]))
}

/**
 * The runtime modules' directory in programs compiled at build time, which do not know the site's URL yet;
 * `relocate` puts the real directory in before a run.
 */
export const RUNTIME_PLACEHOLDER = 'playground-runtime:/'

/** Points a program compiled against `RUNTIME_PLACEHOLDER` at the runtime modules served from `baseUrl`. */
export function relocate(code: string, baseUrl: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
  return code.split(JSON.stringify(RUNTIME_PLACEHOLDER).slice(0, -1)).join(JSON.stringify(base).slice(0, -1))
}

/** The message for a specifier the module map does not provide. */
export function unknownModuleMessage(specifier: string, modules: ModuleMap): string {
  let message = messages.unknownModule(specifier, Object.keys(modules))
  if (specifier.startsWith('.') || specifier.startsWith('/')) message += messages.relativeModule
  else if (specifier === 'assert' || specifier.startsWith('node:assert') || specifier === 'assert/strict') {
    message += messages.assertSpelling
  } else if ((NODE_LIBRARY_SPECIFIERS as readonly string[]).includes(specifier) || specifier.startsWith('node:')) {
    message += messages.nodeModule(specifier)
  }
  return message
}
