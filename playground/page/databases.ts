// Browser only.
/**
 * The page's side of its databases: the database channel's name (private to this page), the database worker,
 * started when a run first opens a PostgreSQL database, its progress shown in the running block's output, and the
 * "Reset databases" control's work: delete the tutorial's stored PostgreSQL (PGlite, `idb://`) and SQLite databases,
 * and nothing else (the reader's code and progress are kept in `localStorage`, which it does not touch).
 */
import { messages } from '../shared/messages'
import { deleteDatabase, storedDatabases } from './indexed-db'
import { PGLITE_IMAGES_DB, type DatabaseCommand, type DatabaseStatus } from '../shared/database-protocol'
import type { RunEvent } from '../shared/protocol'

/** The IndexedDB database where `eventsourcing/sqlite` keeps the browser's SQLite databases. */
const SQLITE_IDB_NAME = 'eventsourcing-sqlite'

/** The name of this page's database channel. */
export const databaseChannel = `eventsourcing-playground-${crypto.randomUUID()}`

let worker: Worker | undefined
let template: string | undefined

/** Names the URL of a new PostgreSQL database's files, served with the runtime modules. */
export function useDatabaseTemplate(url: string): void {
  template = url
}
let report: ((event: RunEvent) => void) | undefined
let resetting: ((status: DatabaseStatus) => void) | undefined

function startWorker(): Worker {
  const started = new Worker(new URL('./database-worker.ts', import.meta.url), {
    type: 'module',
    name: 'playground-databases',
  })
  started.onmessage = (event: MessageEvent<DatabaseStatus>) => {
    const status = event.data
    if (status.type === 'loading') report?.({ type: 'database-status', text: status.text })
    else if (status.type === 'ready') {
      report?.({ type: 'database-status', text: messages.databaseReady(status.dataDir, status.persistent) })
      if (status.note) report?.({ type: 'database-status', text: status.note, note: true })
    } else if (status.type === 'flushed' && status.dataDirs.length > 0) {
      report?.({ type: 'database-status', text: messages.databaseStored(status.dataDirs), note: true })
    } else if (status.type === 'reset-done' || status.type === 'failed') resetting?.(status)
  }
  started.postMessage({ type: 'start', channel: databaseChannel, template } satisfies DatabaseCommand)
  return started
}

/** A run is opening a database: start the database worker (PostgreSQL) and show its progress in the run's output. */
export function openingDatabase(store: 'postgres' | 'sqlite', onEvent: (event: RunEvent) => void): void {
  report = onEvent
  if (store === 'postgres') worker ??= startWorker()
}

/** A run that opened a database ended: have the database worker store what it wrote now, and say when it has. */
export function databaseRunEnded(): void {
  worker?.postMessage({ type: 'flush' } satisfies DatabaseCommand)
}

/**
 * Deletes the tutorial's stored databases (closing the open ones first) and says how many it deleted.
 *
 * @throws {Error} if the browser refuses to delete one.
 */
export async function resetDatabases(): Promise<string> {
  let deleted: string[] = []
  if (worker !== undefined) {
    const active = worker
    const status = await new Promise<DatabaseStatus>((resolve) => {
      resetting = resolve
      active.postMessage({ type: 'reset' } satisfies DatabaseCommand)
    })
    resetting = undefined
    if (status.type === 'failed') throw new Error(status.message)
    if (status.type === 'reset-done') deleted = status.deleted
  } else {
    const stored = await storedDatabases(PGLITE_IMAGES_DB)
    await Promise.all(stored.map(deleteDatabase))
    deleted = stored
  }
  const sqlite = (await storedDatabases(SQLITE_IDB_NAME)).includes(SQLITE_IDB_NAME)
  if (sqlite) await deleteDatabase(SQLITE_IDB_NAME)
  return messages.databasesReset(deleted.length + (sqlite ? 1 : 0))
}
