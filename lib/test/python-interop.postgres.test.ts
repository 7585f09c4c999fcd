/**
 * Sharing a PostgreSQL database with the Python eventsourcing library 9.x: the interoperability scenario
 * (the Python library writes, this library reads and appends, the Python library reads back), run for real
 * with the library's copy, Debian's python3 and psycopg2, each time in a fresh schema (POSTGRES_SCHEMA,
 * which both libraries read; the Python library does not create it, so the test does).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { Application } from 'eventsourcing/application'
import { registry } from 'eventsourcing/domain'
import { isDataError } from 'eventsourcing/persistence'
import { describePythonInterop } from './suites/python-interop.suite.js'
import { adminQuery, freshSchema, POSTGRES_SETTINGS, postgresSettings } from './support/postgres.js'

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

describe('a PostgreSQL table in the other format', () => {
  beforeEach(() => registry.reset())

  it('is explained when a Python table is opened without STORAGE_FORMAT=python', async () => {
    // Given a table the Python library made (uuid ids)
    const schema = freshSchema()
    const python = { ...POSTGRES_SETTINGS, POSTGRES_SCHEMA: schema }
    await adminQuery(`CREATE SCHEMA ${schema}`)
    const pythonApp = new Application({
      name: 'DogSchool',
      env: { ...python, PERSISTENCE_MODULE: 'eventsourcing/postgres', STORAGE_FORMAT: 'python' },
    })
    await pythonApp.notificationLog.maxNotificationId()
    await pythonApp.close()
    // When it is opened in this library's own format, then a DataError names the table and the setting
    const app = new Application({ name: 'DogSchool', env: { ...python, PERSISTENCE_MODULE: 'eventsourcing/postgres' } })
    const error = await app.notificationLog.maxNotificationId().catch((e: unknown) => e as Error)
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect((error as Error).message).toBe(
      `The table ${schema}.dogschool_events has uuid ids, so the Python eventsourcing library wrote it: set ` +
        'STORAGE_FORMAT=python (and PYTHON_TOPIC_MODULE to the Python module of its classes) to read it.',
    )
  })

  it("is explained when a table in this library's own format is opened with STORAGE_FORMAT=python", async () => {
    const settings = postgresSettings()
    const own = new Application({ name: 'DogSchool', env: settings })
    await own.notificationLog.maxNotificationId()
    await own.close()
    const app = new Application({ name: 'DogSchool', env: { ...settings, STORAGE_FORMAT: 'python' } })
    const error = await app.notificationLog.maxNotificationId().catch((e: unknown) => e as Error)
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect((error as Error).message).toMatch(
      /dogschool_events has text ids, so this library wrote it in its own format/,
    )
  })
})
