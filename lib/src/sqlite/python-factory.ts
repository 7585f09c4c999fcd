/**
 * The factory that `PERSISTENCE_MODULE=eventsourcing/sqlite` with `STORAGE_FORMAT=python` selects: the SQLite
 * settings as usual, and the Python library's tables, topics, JSON, cipher and compressor.
 */
import { SqliteDatastore } from './datastore.js'
import { SQLITE_DBNAME, SQLITE_LOCK_TIMEOUT } from './factory.js'
import { PythonSqliteApplicationRecorder, PythonSqliteProcessRecorder } from './python-recorders.js'
import { SqliteTrackingRecorder } from './tracking-recorder.js'
import {
  CREATE_TABLE,
  InfrastructureFactory,
  loadPythonCodecs,
  NotSupportedError,
  PythonJSONTranscoder,
  PythonTopics,
  readBooleanSetting,
  readNumberSetting,
  readRequiredSetting,
  tableName,
  type Codecs,
  type Environment,
  type TrackingRecorder,
  type TrackingRecorderClass,
} from '../persistence/index.js'

/**
 * Builds recorders on a SQLite file written (or to be read) by the Python `eventsourcing` library 9.x.
 *
 * @example
 * ```ts
 * const app = new DogSchool({
 *   env: {
 *     PERSISTENCE_MODULE: 'eventsourcing/sqlite',
 *     SQLITE_DBNAME: 'dogschool.db',
 *     STORAGE_FORMAT: 'python',
 *     PYTHON_TOPIC_MODULE: 'dogschool',
 *   },
 * })
 * ```
 */
export class PythonSqliteFactory extends InfrastructureFactory {
  /** The connection the recorders share. */
  readonly datastore: SqliteDatastore
  /** Whether recorders create Python's tables on first use. */
  readonly createTable: boolean
  /** The map between Python's topics and this library's, from `PYTHON_TOPIC_MODULE` and `PYTHON_TOPICS`. */
  readonly topics: PythonTopics

  /** @throws {@link ProgrammingError} if `SQLITE_DBNAME` is unset or a setting has a bad value. */
  constructor(env: Environment) {
    super(env)
    const dbName = readRequiredSetting(
      env,
      SQLITE_DBNAME,
      `PERSISTENCE_MODULE=eventsourcing/sqlite needs the database's file name (the Python application's SQLITE_DBNAME)`,
    )
    const lockTimeout = readNumberSetting(env, SQLITE_LOCK_TIMEOUT, 5, { min: 0, what: 'a time in seconds' })
    this.createTable = readBooleanSetting(env, CREATE_TABLE, true)
    this.topics = PythonTopics.fromSettings(env)
    this.datastore = this.constructDatastore(dbName, lockTimeout * 1000)
  }

  /** Makes the datastore the recorders share; the browser entry's factory gives it the sql.js driver. */
  protected constructDatastore(dbName: string, lockTimeoutMs: number): SqliteDatastore {
    return new SqliteDatastore({ dbName, lockTimeoutMs })
  }

  /** Returns a transcoder of the Python library's JSON. */
  override transcoder(): PythonJSONTranscoder {
    return new PythonJSONTranscoder(this.topics)
  }

  /** Loads the cipher and compressor, with Python's names and record layout. */
  override loadCodecs(): Promise<Codecs> {
    return loadPythonCodecs(this.env)
  }

  /**
   * Refuses: Python's snapshots hold an aggregate's attributes in Python's shape, which this library does
   * not read or write.
   *
   * @throws {@link NotSupportedError} always.
   */
  override aggregateRecorder(): never {
    throw new NotSupportedError(
      `Snapshots are not shared with the Python library (its snapshots hold Python objects' attributes): ` +
        `turn snapshotting off for an application with STORAGE_FORMAT=python.`,
    )
  }

  /** Returns a recorder on Python's `stored_events` table. */
  override applicationRecorder(): PythonSqliteApplicationRecorder {
    return new PythonSqliteApplicationRecorder(this.datastore, {
      topics: this.topics,
      ownFormatTable: tableName(this.env, 'events'),
      createTable: this.createTable,
    })
  }

  /** Returns a recorder on Python's `stored_events` and `tracking` tables. */
  override processRecorder(): PythonSqliteProcessRecorder {
    return new PythonSqliteProcessRecorder(this.datastore, {
      topics: this.topics,
      ownFormatTable: tableName(this.env, 'events'),
      createTable: this.createTable,
    })
  }

  /** Views on SQLite extend {@link SqliteTrackingRecorder}, in tables of their own. */
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
