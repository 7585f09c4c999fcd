// Browser only.
/**
 * The page's database worker: it keeps the page's PostgreSQL databases (PGlite) open for the page's runs, which
 * reach them over the page's database channel (`host/database-server.ts`). Started on the first run that opens one,
 * so PostgreSQL (about 20 MB: its WASM, its files and a new database's template) loads only then, with its progress reported to the page.
 *
 * An `idb://name` database runs in memory and is kept in IndexedDB as an image: after each run that used it, the
 * page asks for it to be stored, and the worker stores a copy of its files (after a checkpoint, with no transaction
 * open) in one IndexedDB write. A reload keeps every run whose image was stored and loses at most the last one,
 * whole: never part of a write. (PGlite's own IndexedDB file system flushes after every statement, which made a
 * tutorial block take seconds; its background mode copies files while statements run.) Each stored database is held
 * by a Web Lock, since two tabs would overwrite each other's images: another tab gets a copy in memory, with a note.
 * So does a browser whose storage fails (private browsing, a full quota): runs still work, and the reader is told
 * that the database will not last.
 */
import { PGlite } from '@electric-sql/pglite'
import pgliteWasmUrl from '@electric-sql/pglite/pglite.wasm?url'
import initdbWasmUrl from '@electric-sql/pglite/initdb.wasm?url'
import fsBundleUrl from '@electric-sql/pglite/pglite.data?url'
import { serveDatabases, type DatabaseServer, type ServedDatabase } from '../host/database-server'
import { messages } from '../shared/messages'
import { PGLITE_INITDB_PARAMS } from '../compiler/modules'
import { deleteDatabase, storedDatabases } from './indexed-db'
import { PGLITE_IMAGES_DB, type DatabaseCommand, type DatabaseStatus } from '../shared/database-protocol'

const IMAGES = 'images'

/** PGlite's options common to every database of the page. */
interface Assets {
  initDbStartParams: string[]
  pgliteWasmModule: WebAssembly.Module
  initdbWasmModule: WebAssembly.Module
  fsBundle: Blob
}

/** A new database's files, if the site serves them (`PGLITE_TEMPLATE_FILE`). */
let template: Promise<Blob | undefined> | undefined
let templateUrl: string | undefined

const status = (message: DatabaseStatus) => self.postMessage(message)
let assets: Promise<Assets> | undefined
let server: DatabaseServer | undefined
const locks = new Map<string, () => void>()
/** The open databases kept in IndexedDB, by data directory. */
const stored = new Map<string, PGlite>()

/** Downloads PGlite's files, reporting the bytes loaded, and compiles its WASM. */
async function loadAssets(): Promise<Assets> {
  const urls = [pgliteWasmUrl, initdbWasmUrl, fsBundleUrl, ...(templateUrl === undefined ? [] : [templateUrl])]
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
  const [pgliteWasm, initdbWasm, fsBundle, templateFiles] = await Promise.all(urls.map(download))
  template = Promise.resolve(templateFiles && new Blob([templateFiles]))
  status({ type: 'loading', text: messages.databaseStarting })
  const [pgliteWasmModule, initdbWasmModule] = await Promise.all([
    WebAssembly.compile(pgliteWasm!),
    WebAssembly.compile(initdbWasm!),
  ])
  return {
    pgliteWasmModule,
    initdbWasmModule,
    fsBundle: new Blob([fsBundle!]),
    // The smallest write-ahead log segments (1 MB, not 16) keep a stored image small.
    initDbStartParams: [...PGLITE_INITDB_PARAMS],
  }
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

/** Runs one request on the images' object store. */
function images<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(PGLITE_IMAGES_DB, 1)
    opening.onupgradeneeded = () => opening.result.createObjectStore(IMAGES)
    opening.onerror = () => reject(opening.error ?? new Error('IndexedDB could not be opened.'))
    opening.onsuccess = () => {
      const db = opening.result
      const transaction = db.transaction(IMAGES, mode)
      const request = work(transaction.objectStore(IMAGES))
      let result: T
      request.onsuccess = () => (result = request.result)
      // Resolved when the transaction commits, so a stored image is durably stored (or not at all).
      transaction.oncomplete = () => {
        db.close()
        resolve(result)
      }
      transaction.onabort = transaction.onerror = () => {
        db.close()
        reject(transaction.error ?? request.error ?? new Error('IndexedDB refused the write.'))
      }
    }
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
  // A new database starts from the site's template if there is one: initdb in the browser takes seconds.
  const fresh = async () => {
    const files = await template
    return files ? { ...options, loadDataDir: files } : options
  }
  if (inMemory) {
    const database = await PGlite.create(await fresh())
    status({ type: 'ready', dataDir, persistent: false })
    return database as unknown as ServedDatabase
  }
  let note: string
  if (await lock(dataDir)) {
    try {
      const image = await images<Blob | undefined>('readonly', (store) => store.get(dataDir))
      const database = await PGlite.create(image ? { ...options, loadDataDir: image } : await fresh())
      stored.set(dataDir, database)
      status({ type: 'ready', dataDir, persistent: true })
      return database as unknown as ServedDatabase
    } catch (error) {
      locks.get(dataDir)?.()
      locks.delete(dataDir)
      note = messages.databaseInMemory(dataDir, describeError(error))
    }
  } else {
    note = messages.databaseOtherTab(dataDir)
  }
  const database = await PGlite.create(await fresh())
  status({ type: 'ready', dataDir, persistent: false, note })
  return database as unknown as ServedDatabase
}

/**
 * Stores an image of each stored database. The checkpoint waits for any open transaction (a stopped run's is rolled
 * back within the server's lease), so the image is of committed data only. A database whose image cannot be stored
 * (a full quota) goes on in memory, and the reader is told.
 */
async function flush(): Promise<void> {
  const done: string[] = []
  for (const [dataDir, database] of stored) {
    try {
      await database.exec('CHECKPOINT')
      const image = await database.dumpDataDir('gzip')
      await images('readwrite', (store) => store.put(image, dataDir))
      done.push(dataDir)
    } catch (error) {
      stored.delete(dataDir)
      locks.get(dataDir)?.()
      locks.delete(dataDir)
      status({
        type: 'ready',
        dataDir,
        persistent: false,
        note: messages.databaseInMemory(dataDir, describeError(error)),
      })
    }
  }
  status({ type: 'flushed', dataDirs: done })
}

/** An error as the notes name it: `QuotaExceededError: …` (the browser's storage errors often have no message). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  return error.message ? `${error.name}: ${error.message}` : error.name
}

/** Closes every database and deletes the stored ones; returns their data directories. */
async function reset(): Promise<string[]> {
  stored.clear()
  await server?.closeAll()
  for (const release of locks.values()) release()
  locks.clear()
  if ((await storedDatabases(PGLITE_IMAGES_DB)).length === 0) return []
  const dataDirs = await images<IDBValidKey[]>('readonly', (store) => store.getAllKeys())
  await deleteDatabase(PGLITE_IMAGES_DB)
  return dataDirs.map(String)
}

/** Stores and resets run one at a time, in the order the page asked. */
let queue: Promise<unknown> = Promise.resolve()

self.onmessage = (event: MessageEvent<DatabaseCommand>) => {
  const command = event.data
  if (command.type === 'start') {
    templateUrl = command.template
    server ??= serveDatabases(new BroadcastChannel(command.channel), open)
  } else if (command.type === 'flush') queue = queue.then(flush, flush)
  else if (command.type === 'reset') {
    queue = queue.then(reset).then(
      (deleted) => status({ type: 'reset-done', deleted }),
      (error: unknown) => status({ type: 'failed', dataDir: '', message: (error as Error)?.message ?? String(error) }),
    )
  }
}
