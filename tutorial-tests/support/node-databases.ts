/**
 * The page's database worker, for `tutorial-tests`: the same server (`host/database-server.ts`) on a
 * `BroadcastChannel` (which Node carries between its threads), with PGlite in this process. A browser keeps an
 * `idb://` database in IndexedDB across reloads; here it is kept in memory for the test process, which is what the
 * chapters' blocks rely on (a later block, or a later run, finds what an earlier one stored).
 */
import { BroadcastChannel } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'
import { serveDatabases, type ServedDatabase } from '@eventsourcing/playground/host'
import type { MessageChannelLike } from '@eventsourcing/playground/shared'

/** The channel name of the test process's databases. */
export const databaseChannel = `eventsourcing-tutorial-tests-${process.pid}`

let started = false

/** Starts serving databases on {@link databaseChannel}, once per process. */
export function startDatabaseServer(): void {
  if (started) return
  started = true
  const channel = new BroadcastChannel(databaseChannel)
  // The channel must not keep the test process alive after its last test.
  channel.unref()
  serveDatabases(
    channel as unknown as MessageChannelLike,
    async () => (await PGlite.create()) as unknown as ServedDatabase,
  )
}
