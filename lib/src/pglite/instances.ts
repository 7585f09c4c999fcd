/**
 * One PGlite instance per data directory in this JavaScript realm. Two instances on one directory (or one
 * IndexedDB database) would each cache and write its files and corrupt them, so every factory on the same
 * `PGLITE_DATA_DIR` (two applications, a projection runner and its application) uses one instance: opened by
 * the first, counted, and closed when the last lets go. An application may supply its own instance for a
 * data directory instead; the factories then use it and never close it.
 */
import { PgliteDatastore } from './datastore.js'
import { describeCause } from './errors.js'
import type { PgliteLike } from './pglite-like.js'
import { OperationalError, ProgrammingError } from '../persistence/index.js'

interface Entry {
  readonly pglite: Promise<PgliteLike>
  /** Whether the application supplied it (so it is never closed here). */
  readonly supplied: boolean
  users: number
}

const entries = new Map<string, Entry>()
let opener: ((dataDir: string) => Promise<PgliteLike>) | undefined
/** The instances being closed, by data directory: one on the same directory opens only after it. */
const closing = new Map<string, Promise<void>>()

/**
 * Makes the factories on the data directory `dataDir` (the `PGLITE_DATA_DIR` setting, written the same way)
 * use `pglite` rather than open an instance of their own: a `PGliteWorker`, an instance with extensions or
 * options of the application's choosing, or one it also queries itself. The factories never close it.
 * Returns a function that withdraws it (factories opened later open their own again).
 *
 * @throws {@link ProgrammingError} if the factories already use an instance of their own on `dataDir`, or
 *   another one was supplied for it: two instances on one directory would corrupt it.
 * @example
 * ```ts
 * import { PGliteWorker } from '@electric-sql/pglite/worker'
 * usePglite('idb://dogschool', await PGliteWorker.create(new Worker(new URL('./pglite-worker.js', import.meta.url))))
 * const school = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/pglite', PGLITE_DATA_DIR: 'idb://dogschool' } })
 * ```
 */
export function usePglite(dataDir: string, pglite: PgliteLike): () => void {
  const present = entries.get(dataDir)
  if (present !== undefined) {
    throw new ProgrammingError(
      `usePglite(${JSON.stringify(dataDir)}) was given an instance, but ${
        present.supplied ? 'another instance was already supplied' : `${present.users} factory(ies) opened one`
      } on that data directory, and two instances on one directory would corrupt it: supply the instance ` +
        `before any application on ${dataDir} is constructed, and withdraw a supplied one first.`,
    )
  }
  const entry: Entry = { pglite: Promise.resolve(pglite), supplied: true, users: 0 }
  entries.set(dataDir, entry)
  return () => {
    if (entries.get(dataDir) === entry) entries.delete(dataDir)
  }
}

/**
 * Makes the factories open each data directory that has no instance yet with `open` rather than with PGlite
 * itself (`undefined` puts PGlite back): for an application whose databases live elsewhere, such as in a worker
 * that outlives the code using them (the tutorial's page keeps its databases in one across runs). Instances it
 * gives are shared and closed like those the factories open. Unlike {@link usePglite}, it needs no data
 * directory in advance.
 *
 * @example
 * ```ts
 * openPgliteWith(async (dataDir) => connectToMyDatabaseWorker(dataDir))
 * ```
 */
export function openPgliteWith(open: ((dataDir: string) => Promise<PgliteLike>) | undefined): void {
  opener = open
}

/**
 * Returns a datastore on the shared instance of `dataDir`, opening the instance if no one has it open.
 * Opening happens in the background: if it fails, each use of the datastore rejects with the reason.
 */
export function openPgliteDatastore(dataDir: string): PgliteDatastore {
  let entry = entries.get(dataDir)
  if (entry === undefined) {
    const opened: Entry = { pglite: openPglite(dataDir), supplied: false, users: 0 }
    // A directory that could not be opened is tried again by the next factory, not failed for ever.
    opened.pglite.catch(() => {
      if (entries.get(dataDir) === opened) entries.delete(dataDir)
    })
    entries.set(dataDir, opened)
    entry = opened
  }
  const used = entry
  used.users++
  let released = false
  const release = async () => {
    if (released) return
    released = true
    used.users--
    if (used.supplied || used.users > 0 || entries.get(dataDir) !== used) return
    entries.delete(dataDir)
    const done = used.pglite.then(
      (pglite) => pglite.close(),
      () => undefined,
    )
    closing.set(dataDir, done)
    await done.finally(() => {
      if (closing.get(dataDir) === done) closing.delete(dataDir)
    })
  }
  return new PgliteDatastore(used.pglite, { dataDir, release })
}

/**
 * Opens a PGlite instance on `dataDir`, once an instance on it that is closing has closed.
 *
 * @throws {@link OperationalError} (the promise) naming the data directory, why, and what to do.
 */
async function openPglite(dataDir: string): Promise<PgliteLike> {
  await closing.get(dataDir)?.catch(() => undefined)
  if (opener !== undefined) {
    try {
      return await opener(dataDir)
    } catch (cause) {
      throw new OperationalError(`Could not open the PGlite database ${dataDir}: ${describeCause(cause)}.`, { cause })
    }
  }
  // Loaded only here, so an application that supplies its instance (a PGliteWorker) never loads PGlite itself.
  let module: typeof import('@electric-sql/pglite')
  try {
    module = await import('@electric-sql/pglite')
  } catch (cause) {
    throw new OperationalError(
      `PERSISTENCE_MODULE=eventsourcing/pglite could not load the package @electric-sql/pglite ` +
        `(${describeCause(cause)}): install it with npm install @electric-sql/pglite.`,
      { cause },
    )
  }
  try {
    return await module.PGlite.create(dataDir)
  } catch (cause) {
    throw new OperationalError(
      `Could not open the PGlite database ${dataDir}: ${describeCause(cause)}. ${fixFor(dataDir)}`,
      { cause },
    )
  }
}

/** What the reader can do when a data directory of this kind cannot be opened. */
function fixFor(dataDir: string): string {
  if (dataDir.startsWith('idb://')) {
    return (
      'An idb:// data directory needs IndexedDB, which browsers have (unless blocked, as some private ' +
      'windows do) and Node does not: in Node, set PGLITE_DATA_DIR to a directory, or to memory:// for a ' +
      'database in memory.'
    )
  }
  if (dataDir.startsWith('memory://')) return 'Check that PGlite can start here (it needs WebAssembly).'
  return (
    'Set PGLITE_DATA_DIR to a directory this process may write (or a path where one can be created), that ' +
    'no other process has open; or to memory:// for a database in memory.'
  )
}
