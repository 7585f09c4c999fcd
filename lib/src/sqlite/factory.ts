/**
 * The factory that `PERSISTENCE_MODULE=eventsourcing/sqlite` selects: it reads the SQLite settings and
 * builds recorders on one shared connection, with tables named after the application.
 */
import { SqliteDatastore } from './datastore.js'
import { SqliteAggregateRecorder, SqliteApplicationRecorder, SqliteProcessRecorder } from './recorders.js'
import { SqliteTrackingRecorder } from './tracking-recorder.js'
import {
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

/**
 * The setting that names the SQLite database: a file path, `':memory:'`, or a `file:` URI such as
 * `'file:dogs?mode=memory&cache=shared'`. Required.
 */
export const SQLITE_DBNAME = 'SQLITE_DBNAME'
/** The setting for how long a write waits for another connection's lock, in seconds. @default '5' */
export const SQLITE_LOCK_TIMEOUT = 'SQLITE_LOCK_TIMEOUT'

/**
 * Builds SQLite recorders from an application's settings: `SQLITE_DBNAME` (required),
 * `SQLITE_LOCK_TIMEOUT` (seconds, default 5) and `CREATE_TABLE` (default yes). Each setting may be
 * prefixed with the application's name (`DOGSCHOOL_SQLITE_DBNAME`) to apply to that application only.
 *
 * @example
 * ```ts
 * const app = new DogSchool({
 *   env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: 'dogschool.db' },
 * })
 * ```
 */
export class SqliteFactory extends InfrastructureFactory {
  /** The connection the recorders share. */
  readonly datastore: SqliteDatastore
  /** Whether recorders create their tables on first use. */
  readonly createTable: boolean

  /** @throws {@link ProgrammingError} if `SQLITE_DBNAME` is unset or a setting has a bad value. */
  constructor(env: Environment) {
    super(env)
    const dbName = readRequiredSetting(
      env,
      SQLITE_DBNAME,
      `PERSISTENCE_MODULE=eventsourcing/sqlite needs the database's file name (or ':memory:')`,
    )
    const lockTimeout = readNumberSetting(env, SQLITE_LOCK_TIMEOUT, 5, { min: 0, what: 'a time in seconds' })
    this.createTable = readBooleanSetting(env, CREATE_TABLE, true)
    this.datastore = this.constructDatastore(dbName, lockTimeout * 1000)
  }

  /** Makes the datastore the recorders share; the browser entry's factory gives it the sql.js driver. */
  protected constructDatastore(dbName: string, lockTimeoutMs: number): SqliteDatastore {
    return new SqliteDatastore({ dbName, lockTimeoutMs })
  }

  /**
   * Returns a recorder of aggregates' events in the table `<app>_<purpose>`: `<app>_snapshots` by default,
   * since the application's own events are in `<app>_events`, which its application recorder keeps.
   */
  aggregateRecorder(purpose = 'snapshots'): SqliteAggregateRecorder {
    return new SqliteAggregateRecorder(this.datastore, {
      eventsTable: tableName(this.env, purpose),
      createTable: this.createTable,
    })
  }

  /** Returns an application recorder on the table `<app>_events`. */
  applicationRecorder(): SqliteApplicationRecorder {
    return new SqliteApplicationRecorder(this.datastore, {
      eventsTable: tableName(this.env, 'events'),
      createTable: this.createTable,
    })
  }

  /** Returns a process recorder on the tables `<app>_events` and `<app>_tracking`. */
  processRecorder(): SqliteProcessRecorder {
    return new SqliteProcessRecorder(this.datastore, {
      eventsTable: tableName(this.env, 'events'),
      trackingTable: tableName(this.env, 'tracking'),
      createTable: this.createTable,
    })
  }

  /** Views on SQLite extend {@link SqliteTrackingRecorder}. */
  override get trackingRecorderClass(): TrackingRecorderClass {
    return SqliteTrackingRecorder
  }

  /** Constructs a view on this database, with tables named `<name>_…` after the settings' name. */
  protected override constructTrackingRecorder<R extends TrackingRecorder>(cls: new (...args: unknown[]) => R): R {
    return new cls(this.datastore, {
      tablePrefix: this.env.name.toLowerCase() || 'view',
      createTable: this.createTable,
    })
  }

  /** Closes the database connection. */
  override async close(): Promise<void> {
    this.datastore.close()
  }
}
