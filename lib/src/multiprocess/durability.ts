/**
 * The multi-process runner's one requirement of a store: that it is durable and shared, so that a
 * worker thread (or another process) opening it with the same settings sees what the others stored. An
 * in-memory store is private to the thread that made it, so a follower in a worker would never see its
 * leader's events: the runner refuses it up front instead.
 */
import type { Application } from '../application/index.js'
import { InMemoryFactory, PERSISTENCE_MODULE, ProgrammingError } from '../persistence/index.js'

/** Where an application's events are kept when that place is private to one thread, or undefined. */
function privateStore(application: Application): string | undefined {
  const factory = application.factory
  if (factory instanceof InMemoryFactory) {
    const module = application.env.get(PERSISTENCE_MODULE)
    return module ? `in memory (${PERSISTENCE_MODULE} is '${module}')` : `in memory (${PERSISTENCE_MODULE} is unset)`
  }
  const datastore = (factory as { datastore?: { inMemory?: unknown; dbName?: unknown } }).datastore
  if (datastore?.inMemory === true) return `in the in-memory SQLite database '${String(datastore.dbName)}'`
  return undefined
}

/**
 * Checks that an application's store can be shared across threads and processes.
 *
 * @throws {@link ProgrammingError} naming the application and its store if the store is in memory.
 */
export function checkDurable(application: Application): void {
  const where = privateStore(application)
  if (where === undefined) return
  throw new ProgrammingError(
    `The multi-process runner needs a durable store that its worker threads share, but ${application.name} ` +
      `keeps its events ${where}, which no other thread can read. Set ${PERSISTENCE_MODULE} to ` +
      `'eventsourcing/sqlite' with SQLITE_DBNAME naming a file, or to 'eventsourcing/postgres'; or run the ` +
      `system in one thread with the ConcurrentRunner.`,
  )
}
