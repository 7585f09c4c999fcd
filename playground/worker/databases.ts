// Worker.
/**
 * Gives a run the library's stores as a reader's Node project has them: `PERSISTENCE_MODULE` (and the cipher and
 * compressor topics) load the playground's runtime modules, through the loaders the library lets a bundle register,
 * since a worker cannot resolve a bare module name. A PostgreSQL database (`eventsourcing/pglite`) is the page's:
 * it lives in the page's database worker across runs and reloads, and the run reaches it over the page's database
 * channel. While a store's WASM loads, the run tells the host, which pauses the time limit and shows progress.
 */
import { connectDatabases, type DatabaseClient } from './remote-pglite'
import { withMemoryFallback, type ImageStore } from './fallback-image-store'
import { messages } from '../shared/messages'
import { SQLJS_WASM_FILE } from '../compiler/modules'
import type { MessageChannelLike } from '../shared/database-protocol'
import type { RunRequest, WorkerMessage } from '../shared/protocol'

/** What the run's worker gives `prepareDatabases`: how it imports, reports, and reaches the page's storage. */
export interface DatabaseAccess {
  importModule(url: string): Promise<unknown>
  post(message: WorkerMessage): void
  /** A URL the worker may fetch for a runtime file's site URL (sql.js's WebAssembly). @default the site URL */
  assetUrl?(url: string): Promise<string>
  /** The page's database channel of this name. @default a `BroadcastChannel` by that name */
  databaseChannel?(name: string): MessageChannelLike
  /** Where SQLite databases are kept. @default `eventsourcing/sqlite`'s IndexedDB store */
  imageStore?: ImageStore
}

/** The part of `eventsourcing/persistence` this module uses. */
interface PersistenceModule {
  registerModuleLoader(specifier: string, load: () => Promise<Record<string, unknown>>): void
}

/** The part of `eventsourcing/sqlite` (its browser entry) this module uses. */
interface SqliteModule {
  configureSqlJs(defaults: { wasmUrl?: string; imageStore?: ImageStore }): void
  defaultImageStore: ImageStore
}

/** The part of `eventsourcing/pglite` this module uses. */
interface PgliteModule {
  openPgliteWith(opener: (dataDir: string) => Promise<unknown>): void
}

let client: DatabaseClient | undefined

/** Registers the runtime modules as the library's module loaders, before the run's program starts. */
export async function prepareDatabases(request: RunRequest, access: DatabaseAccess): Promise<void> {
  const importModule = (url: string) => access.importModule(url)
  const post = (message: WorkerMessage) => access.post(message)
  const urls = new Map<string, string>()
  for (const [url, specifier] of Object.entries(request.moduleNames)) {
    if (specifier?.startsWith('eventsourcing/')) urls.set(specifier, url)
  }
  const persistenceUrl = urls.get('eventsourcing/persistence')
  if (persistenceUrl === undefined) return
  const persistence = (await importModule(persistenceUrl)) as PersistenceModule
  for (const [specifier, url] of urls) {
    const load = () => importModule(url) as Promise<Record<string, unknown>>
    if (specifier === 'eventsourcing/pglite') {
      persistence.registerModuleLoader(specifier, async () => {
        const module = await load()
        const channelName = request.databaseChannel
        if (channelName !== undefined) {
          client ??= connectDatabases(access.databaseChannel?.(channelName) ?? new BroadcastChannel(channelName))
          const databases = client
          ;(module as unknown as PgliteModule).openPgliteWith(async (dataDir) => {
            post({ type: 'database', state: 'opening', store: 'postgres' })
            const database = databases.database(dataDir)
            try {
              await database.waitReady
            } finally {
              post({ type: 'database', state: 'open', store: 'postgres' })
            }
            return database
          })
        }
        return module
      })
    } else if (specifier === 'eventsourcing/sqlite') {
      persistence.registerModuleLoader(specifier, async () => {
        post({ type: 'database', state: 'opening', store: 'sqlite' })
        try {
          const module = await load()
          const sqlite = module as unknown as SqliteModule
          const wasmUrl = new URL(SQLJS_WASM_FILE, url).href
          sqlite.configureSqlJs({
            wasmUrl: (await access.assetUrl?.(wasmUrl)) ?? wasmUrl,
            imageStore: withMemoryFallback(access.imageStore ?? sqlite.defaultImageStore, (dbName, reason) =>
              post({ type: 'database-status', text: messages.sqliteInMemory(dbName, reason), note: true }),
            ),
          })
          return module
        } finally {
          post({ type: 'database', state: 'open', store: 'sqlite' })
        }
      })
    } else {
      persistence.registerModuleLoader(specifier, load)
    }
  }
}
