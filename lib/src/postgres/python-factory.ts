/**
 * The factory that `PERSISTENCE_MODULE=eventsourcing/postgres` with `STORAGE_FORMAT=python` selects: the
 * PostgreSQL settings as usual (named as in the Python library, `POSTGRES_SCHEMA` included), and the Python
 * library's tables, topics, JSON, cipher and compressor.
 */
import { PostgresFactory } from './factory.js'
import { PythonPostgresApplicationRecorder, PythonPostgresProcessRecorder } from '../postgres-core/index.js'
import {
  InfrastructureFactory,
  loadPythonCodecs,
  NotSupportedError,
  PythonJSONTranscoder,
  PythonTopics,
  tableName,
  type Codecs,
  type Environment,
  type TrackingRecorder,
  type TrackingRecorderClass,
} from '../persistence/index.js'

/**
 * Builds recorders on a PostgreSQL database written (or to be read) by the Python `eventsourcing` library 9.x:
 * the tables `<app>_events` and `<app>_tracking`, in `POSTGRES_SCHEMA` if set.
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
 *     STORAGE_FORMAT: 'python',
 *     PYTHON_TOPIC_MODULE: 'dogschool',
 *   },
 * })
 * ```
 */
export class PythonPostgresFactory extends InfrastructureFactory {
  /** The factory of this library's own format, whose pool and settings this one shares. */
  readonly #own: PostgresFactory
  /** The map between Python's topics and this library's, from `PYTHON_TOPIC_MODULE` and `PYTHON_TOPICS`. */
  readonly topics: PythonTopics

  /** @throws {@link ProgrammingError} if a required setting is unset or a setting has a bad value. */
  constructor(env: Environment) {
    super(env)
    this.#own = new PostgresFactory(env)
    this.topics = PythonTopics.fromSettings(env)
  }

  /** The connection pool the recorders share. */
  get datastore(): PostgresFactory['datastore'] {
    return this.#own.datastore
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

  /** Returns a recorder on Python's `<app>_events` table. */
  override applicationRecorder(): PythonPostgresApplicationRecorder {
    return new PythonPostgresApplicationRecorder(this.datastore, {
      topics: this.topics,
      eventsTable: tableName(this.env, 'events'),
      schema: this.#own.schema,
      createTable: this.#own.createTable,
    })
  }

  /** Returns a recorder on Python's `<app>_events` and `<app>_tracking` tables. */
  override processRecorder(): PythonPostgresProcessRecorder {
    return new PythonPostgresProcessRecorder(this.datastore, {
      topics: this.topics,
      eventsTable: tableName(this.env, 'events'),
      trackingTable: tableName(this.env, 'tracking'),
      schema: this.#own.schema,
      createTable: this.#own.createTable,
    })
  }

  /** Views extend `PostgresTrackingRecorder`, in tables of their own. */
  override get trackingRecorderClass(): TrackingRecorderClass | undefined {
    return this.#own.trackingRecorderClass
  }

  /** Constructs a view on this database. */
  override trackingRecorder<R extends TrackingRecorder = TrackingRecorder>(viewClass?: TrackingRecorderClass<R>): R {
    return this.#own.trackingRecorder(viewClass)
  }

  /** Closes the pool's connections. */
  override async close(): Promise<void> {
    await this.#own.close()
  }
}
