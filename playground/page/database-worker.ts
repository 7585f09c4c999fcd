// Browser only.
/**
 * The page's database worker: it keeps the page's PostgreSQL databases (PGlite) open for the page's runs, which
 * reach them over the page's database channel (`host/database-server.ts`). Started on the first run that opens one,
 * so the WASM (about 15 MB) loads only then, with its progress reported to the page. `idb://name` databases are kept
 * in IndexedDB across reloads; each is held by a Web Lock, since two PGlite instances on one store would overwrite
 * each other's files: another tab of the site gets a copy in memory, with a note. So does a browser whose storage
 * fails (private browsing, quota): a run still works, and the reader is told that it will not last.
 */
import { PGlite } from '@electric-sql/pglite'
import pgliteWasmUrl from '@electric-sql/pglite/pglite.wasm?url'
import initdbWasmUrl from '@electric-sql/pglite/initdb.wasm?url'
import fsBundleUrl from '@electric-sql/pglite/pglite.data?url'
import { serveDatabases, type DatabaseServer, type ServedDatabase } from '../host/database-server'
import { messages } from '../shared/messages'
import { deleteDatabase, storedDatabases } from './indexed-db'
import type { DatabaseCommand, DatabaseStatus } from '../shared/database-protocol'

/** The prefix of the IndexedDB databases PGlite keeps `idb://name` in. */
const IDB_PREFIX = '/pglite/'

interface Assets {
  pgliteWasmModule: WebAssembly.Module
  initdbWasmModule: WebAssembly.Module
  fsBundle: Blob
}

const status = (message: DatabaseStatus) => self.postMessage(message)
let assets: Promise<Assets> | undefined
let server: DatabaseServer | undefined
const locks = new Map<string, () => void>()

/** Downloads PGlite's files, reporting the bytes loaded, and compiles its WASM. */
async function loadAssets(): Promise<Assets> {
  const urls = [pgliteWasmUrl, initdbWasmUrl, fsBundleUrl]
  const loaded = urls.map(() => 0)
  const totals = urls.map(() => 0)
  let reported = 0
  const report = () => {
    const now = performance.now()
    if (now - reported < 100) return
    reported = now
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
    status({ type: 'loading', text: messages.databaseDownloading(sum(loaded), Math.max(sum(totals), sum(loaded))) })
  }
  const download = async (url: string, index: number): Promise<Uint8Array<ArrayBuffer>> => {
    const response = await fetch(url)
    if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status}`)
    totals[index] = Number(response.headers.get('Content-Length') ?? 0)
    const chunks: Uint8Array[] = []
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      loaded[index]! += value.length
      report()
    }
    const bytes = new Uint8Array(loaded[index]!)
    let offset = 0
    for (const chunk of chunks) {
      bytes.set(chunk, offset)
      offset += chunk.length
    }
    return bytes
  }
  const [pgliteWasm, initdbWasm, fsBundle] = await Promise.all(urls.map(download))
  status({ type: 'loading', text: messages.databaseStarting })
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
    WebAssembly.compile(pgliteWasm!),
    WebAssembly.compile(initdbWasm!),
  ])
  return { pgliteWasmModule, initdbWasmModule, fsBundle: new Blob([fsBundle!]) }
}

/** Holds the Web Lock of a stored database while this worker has it open; false if another tab holds it. */
function lock(dataDir: string): Promise<boolean> {
  return new Promise((resolve) => {
    void navigator.locks.request(`eventsourcing-playground:${dataDir}`, { ifAvailable: true }, (held) => {
      resolve(held !== null)
      return held === null ? undefined : new Promise<void>((release) => locks.set(dataDir, release))
    })
  })
}

async function open(dataDir: string): Promise<ServedDatabase> {
  const inMemory = dataDir === '' || dataDir.startsWith('memory://')
  if (!inMemory && !dataDir.startsWith('idb://')) throw new Error(messages.databaseDataDir(dataDir))
  const options = await (assets ??= loadAssets().catch((error: unknown) => {
    assets = undefined
    throw error
  }))
  status({ type: 'loading', text: messages.databaseOpening(dataDir || 'memory://') })
  if (inMemory) {
    const database = await PGlite.create(options)
    status({ type: 'ready', dataDir, persistent: false })
    return database as unknown as ServedDatabase
  }
  let note: string
  if (await lock(dataDir)) {
    try {
      const database = await PGlite.create({ ...options, dataDir })
      status({ type: 'ready', dataDir, persistent: true })
      return database as unknown as ServedDatabase
    } catch (error) {
      locks.get(dataDir)?.()
      locks.delete(dataDir)
      note = messages.databaseInMemory(dataDir, (error as Error)?.message ?? String(error))
    }
  } else {
    note = messages.databaseOtherTab(dataDir)
  }
  const database = await PGlite.create(options)
  status({ type: 'ready', dataDir, persistent: false, note })
  return database as unknown as ServedDatabase
}

/** Closes every database and deletes the stored ones; returns their data directories. */
async function reset(): Promise<string[]> {
  await server?.closeAll()
  for (const release of locks.values()) release()
  locks.clear()
  const stored = await storedDatabases(IDB_PREFIX)
  await Promise.all(stored.map(deleteDatabase))
  return stored.map((name) => `idb://${name.slice(IDB_PREFIX.length)}`)
}

self.onmessage = (event: MessageEvent<DatabaseCommand>) => {
  const command = event.data
  if (command.type === 'start') server ??= serveDatabases(new BroadcastChannel(command.channel), open)
  else if (command.type === 'reset') {
    reset().then(
      (deleted) => status({ type: 'reset-done', deleted }),
      (error: unknown) => status({ type: 'failed', dataDir: '', message: (error as Error)?.message ?? String(error) }),
    )
  }
}
