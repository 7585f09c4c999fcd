// Pure.
/**
 * The messages between a run's worker and the page's database worker, which keeps the page's PostgreSQL databases
 * (PGlite) open between runs. A run's worker lives for one run; a PostgreSQL database takes seconds to start, so it
 * lives in a worker of its own that the page keeps, and runs reach it over a `BroadcastChannel` whose name is
 * private to the page (so that two tabs never answer each other's requests). The run's side is
 * `worker/remote-pglite.ts`, the database's side `host/database-server.ts`.
 *
 * A client says `hello` until the server (which the page starts on demand) answers `welcome`; then each request
 * gets one response with the same `id`. A transaction is opened with `begin` and ended with `commit` or
 * `rollback`; the server rolls back a transaction that hears nothing for a while (its run was stopped).
 */

/** The IndexedDB database where the page keeps its PostgreSQL databases' images, by data directory. */
export const PGLITE_IMAGES_DB = 'eventsourcing-playground-pglite'

/** A `BroadcastChannel`, or anything that carries messages the same way. */
export interface MessageChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

/** A database error as data, with the fields of PostgreSQL's error report that error translation reads. */
export interface SerializedDatabaseError {
  name: string
  message: string
  /** SQLSTATE, such as `23505`. */
  code?: string
  detail?: string
  hint?: string
  table?: string
  constraint?: string
  schema?: string
  column?: string
  severity?: string
}

/** What a request asks the database to do. */
export type DatabaseOperation =
  | { op: 'open'; dataDir: string }
  | { op: 'query'; dataDir: string; tx?: number; text: string; params: unknown[]; rowMode: 'array' | 'object' }
  | { op: 'exec'; dataDir: string; tx?: number; text: string }
  | { op: 'begin'; dataDir: string }
  | { op: 'commit'; tx: number }
  | { op: 'rollback'; tx: number }
  | { op: 'listen'; dataDir: string; channel: string }

/** Client → server. */
export type DatabaseRequest =
  { kind: 'hello'; client: string } | ({ kind: 'request'; client: string; id: number } & DatabaseOperation)

/** The rows of a query, as PGlite returns them. */
export interface QueryResult {
  rows: unknown[]
  affectedRows?: number
}

/** Server → clients. */
export type DatabaseResponse =
  | { kind: 'welcome'; client: string }
  | { kind: 'response'; client: string; id: number; ok: true; value: unknown }
  | { kind: 'response'; client: string; id: number; ok: false; error: SerializedDatabaseError }
  | { kind: 'notification'; dataDir: string; channel: string; payload: string }

/** The database worker → the page: how loading goes, and notes for the reader (such as a fallback to memory). */
export type DatabaseStatus =
  | { type: 'loading'; text: string }
  | { type: 'ready'; dataDir: string; persistent: boolean; note?: string }
  | { type: 'failed'; dataDir: string; message: string }
  | { type: 'reset-done'; deleted: string[] }
  | { type: 'flushed'; dataDirs: string[] }

/** The page → the database worker. */
export type DatabaseCommand =
  | {
      type: 'start'
      channel: string
      /** The URL of a new database's files (`PGLITE_TEMPLATE_FILE`), to start from instead of running initdb. */
      template?: string
    }
  | { type: 'reset' }
  | { type: 'flush' }

/** Turns any thrown value into a {@link SerializedDatabaseError}. */
export function serializeDatabaseError(error: unknown): SerializedDatabaseError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  const fields = error as unknown as Record<string, unknown>
  const result: SerializedDatabaseError = { name: error.name, message: error.message }
  for (const key of ['code', 'detail', 'hint', 'table', 'constraint', 'schema', 'column', 'severity'] as const) {
    if (typeof fields[key] === 'string') result[key] = fields[key]
  }
  return result
}

/** Rebuilds an error from {@link SerializedDatabaseError}, with its fields, for the library's error translation. */
export function deserializeDatabaseError(error: SerializedDatabaseError): Error {
  const rebuilt = new Error(error.message)
  rebuilt.name = error.name
  return Object.assign(rebuilt, error)
}
