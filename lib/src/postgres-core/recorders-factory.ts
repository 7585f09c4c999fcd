/**
 * What the PostgreSQL stores' factories have in common, whichever driver runs the SQL (node-postgres on a server,
 * or PGlite in this process): the recorders and views they build on one database, with tables named after the
 * application, in the schema the settings name. Each store's factory adds only how it reaches its database.
 */
import type { PostgresDatabase } from './database.js'
import { PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresProcessRecorder } from './recorders.js'
import { PostgresTrackingRecorder } from './tracking-recorder.js'
import {
  checkIdentifier,
  CREATE_TABLE,
  InfrastructureFactory,
  readBooleanSetting,
  tableName,
  type Environment,
  type TrackingRecorder,
  type TrackingRecorderClass,
} from '../persistence/index.js'

/**
 * The recorders and views of the PostgreSQL stores, on the {@link PostgresRecordersFactory.datastore} a subclass
 * opens: `<app>_events` (and `<app>_tracking` for a process application), `<app>_snapshots`, and views' tables named
 * after the view.
 */
export abstract class PostgresRecordersFactory extends InfrastructureFactory {
  /** The database the recorders share. */
  abstract readonly datastore: PostgresDatabase
  /** Whether recorders create their tables on first use. */
  readonly createTable: boolean
  /** The schema that holds the tables, if set. */
  readonly schema: string | undefined

  /**
   * Reads the settings every PostgreSQL store has: the schema (the setting `schemaSetting`, such as
   * `POSTGRES_SCHEMA`) and `CREATE_TABLE`.
   *
   * @throws {@link ProgrammingError} if the schema is not a plain SQL identifier or `CREATE_TABLE` not a yes or no.
   */
  protected constructor(env: Environment, schemaSetting: string) {
    super(env)
    this.schema = env.get(schemaSetting)?.trim() || undefined
    if (this.schema !== undefined) checkIdentifier(this.schema, `the setting ${schemaSetting}`)
    this.createTable = readBooleanSetting(env, CREATE_TABLE, true)
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

  /** Views on every PostgreSQL store extend {@link PostgresTrackingRecorder}, so one view runs on each. */
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

  /** Closes the database (a shared one, when its last user closes). */
  override async close(): Promise<void> {
    await this.datastore.close()
  }
}
