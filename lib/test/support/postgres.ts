/**
 * PostgreSQL test support: the settings of the test server on 127.0.0.1 (started by
 * `scripts/start-postgres.sh`), a fresh schema per call that is dropped after the test file, and
 * recorder sources for the contract suites. When the server cannot be reached the tests FAIL, with a
 * message saying how to start it: nothing is ever skipped.
 */
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import {
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresDatastore,
  PostgresProcessRecorder,
} from 'eventsourcing/postgres'
import type { RecorderSource } from '../suites/aggregate-recorder.suite.js'
import { freshTableRecorders, type FreshTables } from './recorder-sources.js'

/** The connection settings of the test server (POSTGRES_PORT may move it, as for the start script). */
export const POSTGRES_SETTINGS = {
  POSTGRES_DBNAME: 'eventsourcing',
  POSTGRES_HOST: '127.0.0.1',
  POSTGRES_PORT: process.env.POSTGRES_PORT || '5432',
  POSTGRES_USER: 'eventsourcing',
  POSTGRES_PASSWORD: 'eventsourcing',
} as const

/** The test server's connection settings, as node-postgres takes them. */
export const POSTGRES_CONNECTION = {
  database: POSTGRES_SETTINGS.POSTGRES_DBNAME,
  host: POSTGRES_SETTINGS.POSTGRES_HOST,
  port: Number(POSTGRES_SETTINGS.POSTGRES_PORT),
  user: POSTGRES_SETTINGS.POSTGRES_USER,
  password: POSTGRES_SETTINGS.POSTGRES_PASSWORD,
}

const run = `${process.pid}_${Date.now().toString(36)}`
let counter = 0
const schemas: string[] = []
const datastores: PostgresDatastore[] = []

/** Runs one statement as the test role on a connection of its own. */
export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ ...POSTGRES_CONNECTION, connectionTimeoutMillis: 5000 })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  try {
    await adminQuery('SELECT 1')
  } catch (cause) {
    throw new Error(
      `These tests need PostgreSQL on ${POSTGRES_CONNECTION.host}:${POSTGRES_CONNECTION.port} (database ${POSTGRES_CONNECTION.database}, ` +
        `user ${POSTGRES_CONNECTION.user}), but it could not be reached: ${(cause as Error).message || cause}. Start it ` +
        `with: bash scripts/start-postgres.sh (it needs Debian's postgresql package: apt-get install -y ` +
        `postgresql), then run the tests again.`,
      { cause },
    )
  }
})

afterAll(async () => {
  await Promise.all(datastores.splice(0).map((datastore) => datastore.close()))
  for (const schema of schemas.splice(0)) await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
})

/** Returns the name of a new schema for fresh tables; it is dropped after the test file. */
export function freshSchema(): string {
  const schema = `test_${run}_${++counter}`
  schemas.push(schema)
  return schema
}

/** Returns settings for an application whose tables go in a new schema. */
export function postgresSettings(): Record<string, string> {
  return { PERSISTENCE_MODULE: 'eventsourcing/postgres', ...POSTGRES_SETTINGS, POSTGRES_SCHEMA: freshSchema() }
}

/** Opens a pool on the test server that is closed after the test file. */
export function openDatastore(poolSize = 5): PostgresDatastore {
  const datastore = new PostgresDatastore({
    dbName: POSTGRES_CONNECTION.database,
    host: POSTGRES_CONNECTION.host,
    port: POSTGRES_CONNECTION.port,
    user: POSTGRES_CONNECTION.user,
    password: POSTGRES_CONNECTION.password,
    poolSize,
  })
  datastores.push(datastore)
  return datastore
}

type Recorder = PostgresAggregateRecorder | PostgresApplicationRecorder | PostgresProcessRecorder

/**
 * Returns a source of recorders of the given class: each new recorder gets its own tables in this file's
 * schema (through one shared pool), and `connectAgain` opens a pool of one connection on the same tables.
 */
export function postgresRecorders<R extends Recorder>(
  recorderClass: new (datastore: PostgresDatastore, options: FreshTables & { schema: string }) => R,
): RecorderSource<R> {
  let shared: { schema: string; datastore: PostgresDatastore } | undefined
  return freshTableRecorders(
    (onSameAs?: R) =>
      onSameAs ? openDatastore(1) : (shared ??= { schema: freshSchema(), datastore: openDatastore() }).datastore,
    (datastore, tables) => new recorderClass(datastore, { ...tables, schema: shared!.schema }),
  )
}
