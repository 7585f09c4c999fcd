/**
 * Tells the Python library's SQLite events table from this library's: Python keeps every application's
 * events in `stored_events`, numbered by `rowid`, with no `notification_id` column; this library keeps them
 * in `<app>_events` with one. An application opened in its own format on a Python database is stopped here
 * with an explanation, rather than starting an empty table of its own beside Python's.
 */
import type { SqliteDatastore } from './datastore.js'
import { DataError, STORAGE_FORMAT } from '../persistence/index.js'

const PYTHON_EVENTS_TABLE = 'stored_events'

/**
 * Checks, before this library's events table is first created, that the database is not the Python library's.
 *
 * @throws {@link DataError} if the events table, or Python's `stored_events`, is Python's application table
 *   (events numbered by `rowid`, no `notification_id` column).
 */
export function checkNotPythonDatabase(datastore: SqliteDatastore, eventsTable: string): void {
  const columnsOf = (table: string) =>
    datastore.read(() =>
      datastore
        .prepare('SELECT name FROM pragma_table_info(?)', { arrays: true })
        .all(table)
        .map((row) => String((row as unknown as unknown[])[0])),
    )
  const own = columnsOf(eventsTable)
  if (own.includes('notification_id')) return
  const table = own.length > 0 ? eventsTable : PYTHON_EVENTS_TABLE
  const columns = own.length > 0 ? own : columnsOf(PYTHON_EVENTS_TABLE)
  // An aggregate recorder's table (Python's or this library's) has no notification_id either, but it is
  // WITHOUT ROWID; Python's application table numbers events by rowid.
  const [definition] = datastore.read(() =>
    datastore.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", { arrays: true }).all(table),
  ) as unknown as [string][]
  const numbersByRowid = definition !== undefined && !/WITHOUT\s+ROWID/i.test(String(definition[0]))
  if (numbersByRowid && columns.includes('originator_id') && !columns.includes('notification_id')) {
    throw new DataError(
      `This SQLite database has the table ${table} without a notification_id column, so the Python ` +
        `eventsourcing library wrote it: set ${STORAGE_FORMAT}=python (and PYTHON_TOPIC_MODULE to the Python ` +
        `module of its classes) to read it.`,
    )
  }
}
