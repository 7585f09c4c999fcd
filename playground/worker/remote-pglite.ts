// Worker.
/**
 * A run's handle on one of the page's PostgreSQL databases: the part of PGlite's interface that
 * `eventsourcing/pglite` uses (`query`, `exec`, `transaction`, `listen`), carried over the page's database channel
 * to the database worker that keeps the database open (see `shared/database-protocol.ts`). Closing it closes
 * nothing: the database outlives the run, for the page's later blocks and runs.
 */
import {
  deserializeDatabaseError,
  type DatabaseOperation,
  type DatabaseResponse,
  type MessageChannelLike,
  type QueryResult,
} from '../shared/database-protocol'

/** How often a client repeats `hello` until the database worker (started on demand by the page) answers. */
const HELLO_INTERVAL_MS = 100

/** A query's result, shaped as PGlite's. */
interface Results extends QueryResult {
  fields: never[]
}

/** One transaction of a {@link RemotePglite}. */
export interface RemoteTransaction {
  query(text: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<Results>
  exec(text: string): Promise<Results[]>
}

/** The PGlite interface of one database of the page, as a run sees it. */
export interface RemotePglite extends RemoteTransaction {
  readonly dataDir: string
  readonly waitReady: Promise<void>
  transaction<T>(work: (tx: RemoteTransaction) => Promise<T>): Promise<T>
  listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/** The connection of a run to the page's database channel, shared by the run's databases. */
export interface DatabaseClient {
  /** A handle on the database with this data directory (opened by the database worker on first use). */
  database(dataDir: string): RemotePglite
}

/** Connects to the database channel: `channel` carries both ways (a `BroadcastChannel` by the page's name). */
export function connectDatabases(channel: MessageChannelLike): DatabaseClient {
  const client = Math.random().toString(36).slice(2)
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>()
  const listeners = new Map<string, Set<(payload: string) => void>>()
  let nextId = 1
  let welcomed!: () => void
  const connected = new Promise<void>((resolve) => (welcomed = resolve))
  // A run waiting for the database worker to answer stays alive (this timer is one of the run's), as it should.
  const hello = setInterval(() => channel.postMessage({ kind: 'hello', client }), HELLO_INTERVAL_MS)
  channel.postMessage({ kind: 'hello', client })

  channel.addEventListener('message', ({ data }) => {
    const message = data as DatabaseResponse
    if (message.kind === 'notification') {
      for (const listener of listeners.get(`${message.dataDir}\0${message.channel}`) ?? []) listener(message.payload)
    } else if (message.client !== client) return
    else if (message.kind === 'welcome') {
      clearInterval(hello)
      welcomed()
    } else {
      const waiting = pending.get(message.id)
      pending.delete(message.id)
      if (message.ok) waiting?.resolve(message.value)
      else waiting?.reject(deserializeDatabaseError(message.error))
    }
  })

  const request = async <T>(operation: DatabaseOperation): Promise<T> => {
    await connected
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      channel.postMessage({ kind: 'request', client, id, ...operation })
    })
  }
  const results = (result: QueryResult): Results => ({ ...result, fields: [] })

  const scope = (dataDir: string, tx?: number): RemoteTransaction => ({
    async query(text, params = [], options) {
      const rowMode = options?.rowMode ?? 'object'
      return results(await request<QueryResult>({ op: 'query', dataDir, tx, text, params, rowMode }))
    },
    async exec(text) {
      await request({ op: 'exec', dataDir, tx, text })
      return []
    },
  })

  return {
    database(dataDir) {
      const ready = request<void>({ op: 'open', dataDir })
      // Whoever awaits waitReady sees a failure; an unawaited one is not an unhandled rejection of the run.
      ready.catch(() => {})
      return {
        dataDir,
        waitReady: ready,
        ...scope(dataDir),
        async transaction(work) {
          const tx = await request<number>({ op: 'begin', dataDir })
          let result
          try {
            result = await work(scope(dataDir, tx))
          } catch (error) {
            await request({ op: 'rollback', tx }).catch(() => {})
            throw error
          }
          await request({ op: 'commit', tx })
          return result
        },
        async listen(channelName, callback) {
          const key = `${dataDir}\0${channelName}`
          const set = listeners.get(key) ?? new Set()
          listeners.set(key, set)
          set.add(callback)
          await request({ op: 'listen', dataDir, channel: channelName })
          return async () => void set.delete(callback)
        },
        async close() {},
      }
    },
  }
}
