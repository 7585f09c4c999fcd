// Worker.
/**
 * The image store of a run's SQLite databases: the browser's IndexedDB store, and memory for a database the browser
 * refuses to store (private browsing, a full quota), so that the run goes on, and the reader is told once that the
 * database will not outlast the run. `eventsourcing/sqlite` alone would reject the write with an `OperationalError`,
 * which is right for an application; a tutorial page should still run.
 */

/** An image store, as `eventsourcing/sqlite` defines it (`SqliteImageStore`). */
export interface ImageStore {
  readonly description: string
  load(dbName: string): Promise<Uint8Array | undefined>
  save(dbName: string, image: Uint8Array): Promise<void>
  delete(dbName: string): Promise<void>
}

/** Wraps `store`: a database whose load or save fails is kept in memory from then on, and `onFallback` is told. */
export function withMemoryFallback(
  store: ImageStore,
  onFallback: (dbName: string, reason: string) => void,
): ImageStore {
  const memory = new Map<string, Uint8Array>()
  const failed = new Set<string>()
  const fall = (dbName: string, error: unknown) => {
    failed.add(dbName)
    const cause = (error as { cause?: unknown })?.cause ?? error
    onFallback(
      dbName,
      cause instanceof Error ? `${cause.name}${cause.message ? `: ${cause.message}` : ''}` : String(cause),
    )
  }
  return {
    description: store.description,
    async load(dbName) {
      if (!failed.has(dbName)) {
        try {
          return await store.load(dbName)
        } catch (error) {
          fall(dbName, error)
        }
      }
      return memory.get(dbName)
    },
    async save(dbName, image) {
      if (!failed.has(dbName)) {
        try {
          return await store.save(dbName, image)
        } catch (error) {
          fall(dbName, error)
        }
      }
      memory.set(dbName, image)
    },
    async delete(dbName) {
      memory.delete(dbName)
      if (!failed.has(dbName)) await store.delete(dbName)
    },
  }
}
