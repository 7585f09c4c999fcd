/**
 * The factory that `PERSISTENCE_MODULE=eventsourcing/pglite` selects: the PostgreSQL store's tables and
 * recorders on PGlite, PostgreSQL compiled to WebAssembly, in this process (Node, or a browser page or
 * worker). Factories on the same data directory share one instance (see `usePglite`).
 */
import { openPgliteDatastore } from './instances.js'
import type { PgliteDatastore } from './datastore.js'
import { PostgresRecordersFactory } from '../postgres-core/index.js'
import type { Environment } from '../persistence/index.js'

/**
 * The setting that says where the database is: unset or `memory://` (or `memory://<name>`, one database per
 * name) keeps it in memory; `idb://<name>` in the browser's IndexedDB; anything else is a directory in Node.
 * @default 'memory://'
 */
export const PGLITE_DATA_DIR = 'PGLITE_DATA_DIR'
/** The setting that names a schema for the tables (created if missing). @default unset: the `public` schema */
export const PGLITE_SCHEMA = 'PGLITE_SCHEMA'

/**
 * Builds the PostgreSQL recorders on a PGlite instance from an application's settings: `PGLITE_DATA_DIR`,
 * `PGLITE_SCHEMA` and `CREATE_TABLE`, each of which may be prefixed with the application's name
 * (`DOGSCHOOL_PGLITE_DATA_DIR`). Tables are named after the application, as on PostgreSQL, so one database
 * holds many applications; views extend {@link PostgresTrackingRecorder}, so a view written for PostgreSQL
 * runs here unchanged.
 *
 * @example
 * ```ts
 * const app = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/pglite', PGLITE_DATA_DIR: 'idb://dogschool' } })
 * ```
 */
export class PgliteFactory extends PostgresRecordersFactory {
  /** The datastore the recorders share, on the data directory's shared instance. */
  readonly datastore: PgliteDatastore

  /** @throws {@link ProgrammingError} if `PGLITE_SCHEMA` is not a plain SQL identifier or `CREATE_TABLE` not a yes or no. */
  constructor(env: Environment) {
    super(env, PGLITE_SCHEMA)
    this.datastore = openPgliteDatastore(env.get(PGLITE_DATA_DIR)?.trim() || 'memory://')
  }

  /** Lets go of the shared instance, which closes when no factory on its data directory is left open. */
  override async close(): Promise<void> {
    await this.datastore.close()
  }
}
