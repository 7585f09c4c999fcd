/**
 * The factory that `PERSISTENCE_MODULE=eventsourcing/postgres` selects: it reads the PostgreSQL settings
 * (named as in the Python library) and builds recorders on one connection pool, with tables named after
 * the application so that one database can hold many applications.
 */
import { PostgresDatastore } from './datastore.js'
import { PostgresRecordersFactory } from '../postgres-core/index.js'
import { readNumberSetting, readRequiredSetting, type Environment } from '../persistence/index.js'

/** The setting that names the database. Required. */
export const POSTGRES_DBNAME = 'POSTGRES_DBNAME'
/** The setting that names the server's host. Required. */
export const POSTGRES_HOST = 'POSTGRES_HOST'
/** The setting for the server's port. @default '5432' */
export const POSTGRES_PORT = 'POSTGRES_PORT'
/** The setting that names the role to connect as. Required. */
export const POSTGRES_USER = 'POSTGRES_USER'
/** The setting for the role's password. @default unset: node-postgres then reads PGPASSWORD or ~/.pgpass */
export const POSTGRES_PASSWORD = 'POSTGRES_PASSWORD'
/** The setting for the most connections the pool opens. @default '5' */
export const POSTGRES_POOL_SIZE = 'POSTGRES_POOL_SIZE'
/** The setting for how long to wait for a connection, in seconds; '0' waits for ever. @default '5' */
export const POSTGRES_CONNECT_TIMEOUT = 'POSTGRES_CONNECT_TIMEOUT'
/** The setting for how long the server lets a session idle inside a transaction, in seconds; '0' for no limit. @default '5' */
export const POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT = 'POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT'
/** The setting for how long a write waits for another writer's table lock, in seconds; '0' waits for ever. @default '0' */
export const POSTGRES_LOCK_TIMEOUT = 'POSTGRES_LOCK_TIMEOUT'
/** The setting that names a schema for the tables (created if missing). @default unset: the search path's first schema */
export const POSTGRES_SCHEMA = 'POSTGRES_SCHEMA'

const SECONDS = { min: 0, what: 'a time in seconds' }

/**
 * Builds PostgreSQL recorders from an application's settings: `POSTGRES_DBNAME`, `POSTGRES_HOST` and
 * `POSTGRES_USER` (required), `POSTGRES_PORT`, `POSTGRES_PASSWORD`, `POSTGRES_POOL_SIZE`,
 * `POSTGRES_CONNECT_TIMEOUT`, `POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT`, `POSTGRES_LOCK_TIMEOUT`,
 * `POSTGRES_SCHEMA` and `CREATE_TABLE`. Each may be prefixed with the application's name
 * (`DOGSCHOOL_POSTGRES_DBNAME`) to apply to that application only.
 *
 * @example
 * ```ts
 * const app = new DogSchool({
 *   env: {
 *     PERSISTENCE_MODULE: 'eventsourcing/postgres',
 *     POSTGRES_DBNAME: 'eventsourcing',
 *     POSTGRES_HOST: '127.0.0.1',
 *     POSTGRES_USER: 'eventsourcing',
 *     POSTGRES_PASSWORD: 'eventsourcing',
 *   },
 * })
 * ```
 */
export class PostgresFactory extends PostgresRecordersFactory {
  /** The connection pool the recorders share. */
  readonly datastore: PostgresDatastore

  /** @throws {@link ProgrammingError} if a required setting is unset or a setting has a bad value. */
  constructor(env: Environment) {
    super(env, POSTGRES_SCHEMA)
    const needs = (what: string) => `PERSISTENCE_MODULE=eventsourcing/postgres needs ${what}`
    const dbName = readRequiredSetting(env, POSTGRES_DBNAME, needs("the database's name"))
    const host = readRequiredSetting(env, POSTGRES_HOST, needs("the server's host name or address"))
    const user = readRequiredSetting(env, POSTGRES_USER, needs('the role to connect as'))
    const port = readNumberSetting(env, POSTGRES_PORT, 5432, { min: 1, max: 65535, integer: true, what: 'a TCP port' })
    const poolSize = readNumberSetting(env, POSTGRES_POOL_SIZE, 5, {
      min: 1,
      integer: true,
      what: 'a number of connections',
    })
    const connectTimeout = readNumberSetting(env, POSTGRES_CONNECT_TIMEOUT, 5, SECONDS)
    const idleInTransaction = readNumberSetting(env, POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT, 5, SECONDS)
    const lockTimeout = readNumberSetting(env, POSTGRES_LOCK_TIMEOUT, 0, SECONDS)
    this.datastore = new PostgresDatastore({
      dbName,
      host,
      port,
      user,
      password: env.get(POSTGRES_PASSWORD),
      poolSize,
      connectTimeoutMs: connectTimeout * 1000,
      idleInTransactionSessionTimeoutMs: idleInTransaction * 1000,
      lockTimeoutMs: lockTimeout * 1000,
    })
  }
}
