/**
 * Sharing a PostgreSQL database with the Python eventsourcing library 9.x: the interoperability scenario
 * (the Python library writes, this library reads and appends, the Python library reads back), run for real
 * with the library's copy, Debian's python3 and psycopg2, each time in a fresh schema (POSTGRES_SCHEMA,
 * which both libraries read; the Python library does not create it, so the test does).
 */
import { describePythonInterop } from './suites/python-interop.suite.js'
import { adminQuery, freshSchema, POSTGRES_SETTINGS } from './support/postgres.js'

describePythonInterop('a PostgreSQL database shared with Python', async () => {
  const schema = freshSchema()
  await adminQuery(`CREATE SCHEMA ${schema}`)
  return {
    python: { PERSISTENCE_MODULE: 'eventsourcing.postgres', ...POSTGRES_SETTINGS, POSTGRES_SCHEMA: schema },
    typescript: {
      PERSISTENCE_MODULE: 'eventsourcing/postgres',
      ...POSTGRES_SETTINGS,
      POSTGRES_SCHEMA: schema,
      STORAGE_FORMAT: 'python',
    },
  }
})
