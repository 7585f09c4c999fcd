// Pure.
/**
 * The database side of the page's PostgreSQL databases (see `shared/database-protocol.ts`): it answers runs'
 * requests on a channel, opening each database (by its `PGLITE_DATA_DIR`) once and keeping it open across runs, so
 * that only the first run waits for PostgreSQL to start. PGlite is one connection, so a transaction holds it: other
 * requests wait for it to end. A transaction that hears nothing for {@link TRANSACTION_LEASE_MS} is rolled back, since
 * its run's worker was stopped (by the time limit, or a new run) in the middle of it. The page's database worker and
 * `tutorial-tests` both serve databases with it; they differ in how a database is opened.
 */
import {
  serializeDatabaseError,
  type DatabaseOperation,
  type DatabaseRequest,
  type DatabaseResponse,
  type MessageChannelLike,
  type QueryResult,
} from '../shared/database-protocol'

/** How long an open transaction may go without a request before it is rolled back, in milliseconds. */
export const TRANSACTION_LEASE_MS = 3_000

/** A transaction of a database, as PGlite gives it. */
export interface DatabaseTransaction {
  query(text: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<QueryResult>
  exec(text: string): Promise<unknown>
}

/** An open database, as PGlite gives it. */
export interface ServedDatabase extends DatabaseTransaction {
  transaction<T>(work: (tx: DatabaseTransaction) => Promise<T>): Promise<T>
  listen(channel: string, callback: (payload: string) => void): Promise<unknown>
  close(): Promise<void>
}

/**
 * Serves databases on `channel`; `open` opens one by its data directory (called once per data directory, again
 * only if it failed). `leaseMs` is how long an open transaction may go without a request.
 */
export function serveDatabases(
  channel: MessageChannelLike,
  open: (dataDir: string) => Promise<ServedDatabase>,
  options: { leaseMs?: number } = {},
): DatabaseServer {
  const leaseMs = options.leaseMs ?? TRANSACTION_LEASE_MS
  const databases = new Map<string, Promise<ServedDatabase>>()
  const transactions = new Map<number, OpenTransaction>()
  const listening = new Set<string>()
  let nextTransaction = 1

  const database = (dataDir: string) => {
    let opened = databases.get(dataDir)
    if (opened === undefined) {
      opened = open(dataDir)
      databases.set(dataDir, opened)
      // A failed open is not kept: the next run tries again (the reader may have freed storage meanwhile).
      opened.catch(() => databases.delete(dataDir))
    }
    return opened
  }
  const send = (message: DatabaseResponse) => channel.postMessage(message)

  const perform = async (request: DatabaseOperation): Promise<unknown> => {
    switch (request.op) {
      case 'open':
        await database(request.dataDir)
        return null
      case 'query': {
        const target = request.tx === undefined ? await database(request.dataDir) : transaction(request.tx).tx
        const result = await target.query(request.text, request.params, { rowMode: request.rowMode })
        return { rows: result.rows, affectedRows: result.affectedRows }
      }
      case 'exec': {
        const target = request.tx === undefined ? await database(request.dataDir) : transaction(request.tx).tx
        await target.exec(request.text)
        return null
      }
      case 'begin': {
        const id = nextTransaction++
        const db = await database(request.dataDir)
        return new Promise<number>((resolve, reject) => {
          const open = { end: (_commit: boolean) => {}, lease: undefined } as OpenTransaction
          const ended = new Promise<boolean>((resolveEnd) => (open.end = resolveEnd))
          open.done = db
            .transaction(async (tx) => {
              open.tx = tx
              transactions.set(id, open)
              renewLease(id)
              resolve(id)
              if (!(await ended)) throw ROLLED_BACK
            })
            .catch((error: unknown) => {
              if (error !== ROLLED_BACK) throw error
            })
            .finally(() => {
              clearTimeout(open.lease)
              transactions.delete(id)
            })
          open.done.catch(reject)
        })
      }
      case 'commit':
      case 'rollback': {
        const open = transaction(request.tx)
        open.end(request.op === 'commit')
        await open.done
        return null
      }
      case 'listen': {
        const db = await database(request.dataDir)
        const key = `${request.dataDir}\0${request.channel}`
        if (!listening.has(key)) {
          listening.add(key)
          await db.listen(request.channel, (payload) =>
            send({ kind: 'notification', dataDir: request.dataDir, channel: request.channel, payload }),
          )
        }
        return null
      }
    }
  }

  const transaction = (id: number): OpenTransaction => {
    const open = transactions.get(id)
    if (open === undefined) {
      throw new Error(
        `The transaction ${id} is no longer open: it heard nothing for ${leaseMs} ms and was rolled back.`,
      )
    }
    renewLease(id)
    return open
  }
  const renewLease = (id: number) => {
    const open = transactions.get(id)
    if (open === undefined) return
    clearTimeout(open.lease)
    open.lease = setTimeout(() => open.end(false), leaseMs)
  }

  channel.addEventListener('message', ({ data }) => {
    const message = data as DatabaseRequest
    if (message?.kind === 'hello') send({ kind: 'welcome', client: message.client })
    else if (message?.kind === 'request') {
      const { client, id } = message
      perform(message).then(
        (value) => send({ kind: 'response', client, id, ok: true, value }),
        (error: unknown) => send({ kind: 'response', client, id, ok: false, error: serializeDatabaseError(error) }),
      )
    }
  })
  return {
    async closeAll() {
      for (const open of transactions.values()) open.end(false)
      const opened = [...databases.values()]
      databases.clear()
      listening.clear()
      await Promise.allSettled(opened.map(async (db) => (await db).close()))
    },
  }
}

/** A running {@link serveDatabases}. */
export interface DatabaseServer {
  /** Rolls back open transactions and closes every database (before they are deleted by a reset). */
  closeAll(): Promise<void>
}

/** Thrown inside a transaction's work to make PGlite roll it back. */
const ROLLED_BACK = Symbol('rolled back')

interface OpenTransaction {
  tx: DatabaseTransaction
  end: (commit: boolean) => void
  done: Promise<void>
  lease: ReturnType<typeof setTimeout> | undefined
}
