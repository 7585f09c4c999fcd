/**
 * Bad input in a store shared with Python: a record whose topic stands for no class, state that does not
 * decode, and a database opened in the other library's format. Each is refused with a DataError that says
 * which record, what is wrong and which setting fixes it; nothing is half-read. The tables are made here
 * with the Python library's own statements and rows as it writes them, so no Python is needed.
 */
import { DatabaseSync } from 'node:sqlite'
import { beforeEach, describe, expect, it } from 'vitest'
import { registry } from 'eventsourcing/domain'
import { isDataError, isNotSupportedError, isProgrammingError, PythonTopics } from 'eventsourcing/persistence'
import { PythonSqliteApplicationRecorder, SqliteDatastore } from 'eventsourcing/sqlite'
import { Application } from 'eventsourcing/application'
import { definePythonDogSchool } from './support/python-dog-school.js'
import { tempDbPath } from './support/sqlite.js'

const DOG = 'b290197d-0c61-48b7-a0e7-445ce0f78cf2'
const REGISTERED =
  '{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-29T13:40:53.578546+00:00"},' +
  '"originator_topic":"dogschool:Dog","name":"Fido","owner_id":{"_type_":"uuid_hex","_data_":' +
  '"3d3b96ba524c5a10b052a8a15f702d2f"},"fee":{"_type_":"decimal_str","_data_":"12.50"},"born":{"_type_":' +
  '"datetime_iso","_data_":"2020-01-01T10:15:48.042143+00:00"},"collar":{"_type_":"collar","_data_":' +
  '{"colour":"red","size":3}},"details":{}}'

/** Makes a SQLite file as the Python library's SQLite store makes it, with the given rows. */
function pythonDatabase(rows: [version: number, topic: string, state: string][]): string {
  const path = tempDbPath('python')
  const db = new DatabaseSync(path)
  db.exec(
    'CREATE TABLE IF NOT EXISTS stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, ' +
      'state BLOB, PRIMARY KEY (originator_id, originator_version))',
  )
  const insert = db.prepare('INSERT INTO stored_events VALUES (?,?,?,?)')
  for (const [version, topic, state] of rows) {
    insert.run(DOG.replaceAll('-', ''), version, topic, new TextEncoder().encode(state))
  }
  db.close()
  return path
}

const pythonSettings = (dbName: string, extra: Record<string, string> = {}) => ({
  PERSISTENCE_MODULE: 'eventsourcing/sqlite',
  SQLITE_DBNAME: dbName,
  STORAGE_FORMAT: 'python',
  PYTHON_TOPIC_MODULE: 'dogschool',
  ...extra,
})

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a failure')
}

describe('bad input in a store shared with Python', () => {
  beforeEach(() => registry.reset())

  it('refuses an event whose Python topic stands for no class, naming its notification id and topic', async () => {
    // Given a Python database with a Cat event, and settings that map only the dogschool module
    const dbName = pythonDatabase([[1, 'cats:Cat.Registered', '{"timestamp":null}']])
    const { DogSchool } = definePythonDogSchool()
    const app = new DogSchool({ env: pythonSettings(dbName) })
    // When the notification log is read, then a DataError names the record, its topic and the fix
    const error = await failure(app.notificationLog.select({ start: 1, limit: 10 }))
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect(error.message).toMatchInlineSnapshot(
      `"The event with notification id 1 in stored_events (aggregate b290197d-0c61-48b7-a0e7-445ce0f78cf2, version 1) has the Python topic 'cats:Cat.Registered', which stands for no class here (it is not in dogschool, and PYTHON_TOPICS does not map it). Map it, such as PYTHON_TOPICS='cats:Cat.Registered=Cat.Registered'."`,
    )
  })

  it('refuses an event whose topic maps to a topic no class is registered under', async () => {
    // Given a Python Dog event, and no Dog class defined here
    const dbName = pythonDatabase([[1, 'dogschool:Dog.Registered', REGISTERED]])
    const app = new Application({ name: 'DogSchool', env: pythonSettings(dbName) })
    // When the log is read, then the DataError says what is missing
    const error = await failure(app.notificationLog.select({ start: 1, limit: 10 }))
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect(error.message).toMatchInlineSnapshot(
      `"The event with notification id 1 in stored_events (aggregate b290197d-0c61-48b7-a0e7-445ce0f78cf2, version 1) has the Python topic 'dogschool:Dog.Registered', which stands for the topic 'Dog.Registered', but no class is registered under it. Define the class (an event of an aggregate decorated with @event), or import the module that defines it, before reading."`,
    )
  })

  it('refuses stored state that does not decode, naming the event, and builds no aggregate', async () => {
    // Given a registered dog whose next event's state is not JSON
    const dbName = pythonDatabase([
      [1, 'dogschool:Dog.Registered', REGISTERED],
      [2, 'dogschool:Dog.TrickAdded', 'not JSON'],
    ])
    const { DogSchool } = definePythonDogSchool()
    const app = new DogSchool({ env: pythonSettings(dbName) })
    // When the dog is read, then the read fails with a DataError: no half-built dog comes back
    const error = await failure(app.getDog(DOG))
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect(error.message).toMatch(
      /^The stored event Dog\.TrickAdded of aggregate b290197d-0c61-48b7-a0e7-445ce0f78cf2 at version 2 could not be decoded: Stored state is not UTF-8 JSON/,
    )
  })

  it('refuses state with a custom tag no transcoding here is registered for', async () => {
    // Given a Python Dog event with a "collar" value, read by an application that registers no transcodings
    const dbName = pythonDatabase([[1, 'dogschool:Dog.Registered', REGISTERED]])
    const { Dog } = definePythonDogSchool()
    const app = new Application({ name: 'DogSchool', env: pythonSettings(dbName) })
    const error = await failure(app.repository.get(DOG, Dog))
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect(error.message).toMatch(/value tagged "collar", a custom transcoding of the Python application/)
  })

  it('explains a Python database opened without STORAGE_FORMAT=python, rather than reading an empty log', async () => {
    const dbName = pythonDatabase([[1, 'dogschool:Dog.Registered', REGISTERED]])
    const { DogSchool } = definePythonDogSchool()
    const app = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: dbName } })
    const error = await failure(app.notificationLog.select({ start: 1, limit: 10 }))
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect(error.message).toMatchInlineSnapshot(
      `"This SQLite database has the table stored_events without a notification_id column, so the Python eventsourcing library wrote it: set STORAGE_FORMAT=python (and PYTHON_TOPIC_MODULE to the Python module of its classes) to read it."`,
    )
  })

  it("explains a database in this library's own format opened with STORAGE_FORMAT=python", async () => {
    // Given a database written in this library's own format
    const dbName = tempDbPath('own')
    const { DogSchool } = definePythonDogSchool()
    const own = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: dbName } })
    await own.notificationLog.maxNotificationId()
    await own.close()
    // When it is opened in the Python format, then the DataError says which setting reads it
    const app = new DogSchool({ env: pythonSettings(dbName) })
    const error = await failure(app.notificationLog.maxNotificationId())
    await app.close()
    expect(isDataError(error)).toBe(true)
    expect(error.message).toMatchInlineSnapshot(
      `"This database has no table stored_events, where the Python library keeps events, but has dogschool_events in this library's own format: leave STORAGE_FORMAT unset to read it."`,
    )
  })

  it('refuses an aggregate id that is not a UUID, which Python tables cannot hold', async () => {
    const recorder = new PythonSqliteApplicationRecorder(new SqliteDatastore({ dbName: tempDbPath('ids') }), {
      topics: new PythonTopics({ module: 'dogschool' }),
    })
    const event = { originatorId: 'fido', originatorVersion: 1, topic: 'Dog.Registered', state: new Uint8Array() }
    const error = await failure(recorder.insertEvents([event]))
    recorder.datastore.close()
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toMatch(/^The aggregate id "fido" is not a UUID/)
  })

  it('refuses settings that cannot share a database with Python', async () => {
    const app = (env: Record<string, string>) => new Application({ name: 'DogSchool', env })
    expect(() => app({ STORAGE_FORMAT: 'python' })).toThrowError(/chooses no database/)
    expect(() => app({ STORAGE_FORMAT: 'pickle' })).toThrowError(/is not a storage format/)
    const ownCipher = app({
      ...pythonSettings(tempDbPath('cipher')),
      CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher',
      CIPHER_KEY: 'x',
    })
    expect(isProgrammingError(await failure(ownCipher.ready()))).toBe(true)
    const snapshotting = app({ ...pythonSettings(tempDbPath('snapshots')), IS_SNAPSHOTTING_ENABLED: 'y' })
    expect(isNotSupportedError(await failure(snapshotting.ready()))).toBe(true)
  })
})
