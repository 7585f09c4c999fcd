// Browser only.
/** The IndexedDB chores of the page's databases: which are stored, and deleting one. */

/** The names of this origin's IndexedDB databases that start with `prefix`. */
export async function storedDatabases(prefix: string): Promise<string[]> {
  return (await indexedDB.databases()).map((info) => info.name ?? '').filter((name) => name.startsWith(prefix))
}

/**
 * Deletes an IndexedDB database.
 *
 * @throws {Error} if the browser refuses.
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB could not delete the database ${name}.`))
  })
}
