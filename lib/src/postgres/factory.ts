/**
 * The factory that `PERSISTENCE_MODULE=eventsourcing/postgres` selects: it reads the PostgreSQL settings
 * (named as in the Python library) and builds recorders on one connection pool, with tables named after
 * the application so that one database can hold many applications.
 */
import { PostgresDatastore } from './datastore.js'
import {
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresProcessRecorder,
  PostgresTrackingRecorder,
} from '../postgres-core/index.js'
import {
  checkIdentifier,
  CREATE_TABLE,
  InfrastructureFactory,
  readBooleanSetting,
  readNumberSetting,
  readRequiredSetting,
  tableName,
  type Environment,
  type TrackingRecorder,
  type TrackingRecorderClass,
} from '../persistence/index.js'

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
export class PostgresFactory extends InfrastructureFactory {
  /** The connection pool the recorders share. */
  readonly datastore: PostgresDatastore
  /** Whether recorders create their tables on first use. */
  readonly createTable: boolean
  /** The schema that holds the tables, if set. */
  readonly schema: string | undefined

  /** @throws {@link ProgrammingError} if a required setting is unset or a setting has a bad value. */
  constructor(env: Environment) {
    super(env)
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
    this.schema = env.get(POSTGRES_SCHEMA)?.trim() || undefined
    if (this.schema !== undefined) checkIdentifier(this.schema, `the setting ${POSTGRES_SCHEMA}`)
    this.createTable = readBooleanSetting(env, CREATE_TABLE, true)
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

  /**
   * Returns a recorder of aggregates' events in the table `<app>_<purpose>`: `<app>_snapshots` by default,
   * since the application's own events are in `<app>_events`, which its application recorder keeps.
   */
  aggregateRecorder(purpose = 'snapshots'): PostgresAggregateRecorder {
    return new PostgresAggregateRecorder(this.datastore, {
      eventsTable: tableName(this.env, purpose),
      schema: this.schema,
      createTable: this.createTable,
    })
  }

  /** Returns an application recorder on the table `<app>_events`. */
  applicationRecorder(): PostgresApplicationRecorder {
    return new PostgresApplicationRecorder(this.datastore, {
      eventsTable: tableName(this.env, 'events'),
      schema: this.schema,
      createTable: this.createTable,
    })
  }

  /** Returns a process recorder on the tables `<app>_events` and `<app>_tracking`. */
  processRecorder(): PostgresProcessRecorder {
    return new PostgresProcessRecorder(this.datastore, {
      eventsTable: tableName(this.env, 'events'),
      trackingTable: tableName(this.env, 'tracking'),
      schema: this.schema,
      createTable: this.createTable,
    })
  }

  /** Views on PostgreSQL extend {@link PostgresTrackingRecorder}. */
  override get trackingRecorderClass(): TrackingRecorderClass {
    return PostgresTrackingRecorder
  }

  /** Constructs a view on this database, with tables named `<name>_…` after the settings' name. */
  protected override constructTrackingRecorder<R extends TrackingRecorder>(cls: new (...args: unknown[]) => R): R {
    return new cls(this.datastore, {
      tablePrefix: this.env.name.toLowerCase() || 'view',
      schema: this.schema,
      createTable: this.createTable,
    })
  }

  /** Closes the pool's connections. */
  override async close(): Promise<void> {
    await this.datastore.close()
  }
}
