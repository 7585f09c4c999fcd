/**
 * Tells the Python library's PostgreSQL events tables from this library's by their id column (Python's is
 * `uuid`, this library's `text`; the tables have the same name, `<app>_events`), so that a store opened
 * with the wrong `STORAGE_FORMAT` is explained when it is first used rather than misread.
 */
import type { PostgresSession } from './database.js'
import { DataError, STORAGE_FORMAT } from '../persistence/index.js'

/**
 * Checks that an events table, if it exists, is in the expected format.
 *
 * @throws {@link DataError} naming the table, the format it is in and the setting that reads it.
 */
export async function checkFormat(
  client: PostgresSession,
  schema: string | undefined,
  table: string,
  expected: 'python' | 'typescript',
): Promise<void> {
  const { rows } = await client.query(
    'SELECT data_type FROM information_schema.columns WHERE table_schema = COALESCE($1, current_schema()) ' +
      "AND table_name = $2 AND column_name = 'originator_id'",
    [schema ?? null, table],
  )
  const type = rows[0]?.data_type as string | undefined
  if (type === undefined) return
  const qualified = schema === undefined ? table : `${schema}.${table}`
  if (expected === 'typescript' && type === 'uuid') {
    throw new DataError(
      `The table ${qualified} has uuid ids, so the Python eventsourcing library wrote it: set ` +
        `${STORAGE_FORMAT}=python (and PYTHON_TOPIC_MODULE to the Python module of its classes) to read it.`,
    )
  }
  if (expected === 'python' && type !== 'uuid') {
    throw new DataError(
      `The table ${qualified} has ${type} ids, so this library wrote it in its own format, not the Python ` +
        `library: leave ${STORAGE_FORMAT} unset to read it.`,
    )
  }
}
