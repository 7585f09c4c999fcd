/**
 * The contract suites on SQLite (a file, and a shared in-memory database), the guarantees across
 * processes on one file, and what is particular to SQLite: its settings, write-ahead logging, lock
 * timeouts, and clear errors for bad configuration and bad data.
 */
import { writeFileSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import {
  Environment,
  InfrastructureFactory,
  isDatabaseError,
  isOperationalError,
  isProgrammingError,
  type EnvironmentValues,
} from 'eventsourcing/persistence'
import {
  SqliteAggregateRecorder,
  SqliteApplicationRecorder,
  SqliteFactory,
  SqliteProcessRecorder,
} from 'eventsourcing/sqlite'
import { describeAggregateRecorder } from './suites/aggregate-recorder.suite.js'
import { describeApplicationRecorder } from './suites/application-recorder.suite.js'
import { describeProcessRecorder } from './suites/process-recorder.suite.js'
import { describeInfrastructureFactory } from './suites/infrastructure-factory.suite.js'
import { describeApplication } from './suites/application.suite.js'
import { describeMultiProcessGuarantees } from './suites/multi-process.suite.js'
import { openDatastore, sharedMemoryDbName, sqliteRecorders, tempDbPath } from './support/sqlite.js'
import { newId, storedEvent } from './support/stored-events.js'

const fileSettings = () => ({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: tempDbPath() })
const memorySettings = () => ({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: sharedMemoryDbName() })

for (const [name, dbName] of [
  ['file', () => tempDbPath()],
  ['shared memory', sharedMemoryDbName],
] as const) {
  describeAggregateRecorder(`SqliteAggregateRecorder (${name})`, sqliteRecorders(SqliteAggregateRecorder, dbName))
  describeApplicationRecorder(`SqliteApplicationRecorder (${name})`, sqliteRecorders(SqliteApplicationRecorder, dbName))
  describeProcessRecorder(`SqliteProcessRecorder (${name})`, sqliteRecorders(SqliteProcessRecorder, dbName))
}
describeInfrastructureFactory('SQLite file', fileSettings, { factoryClass: SqliteFactory, durable: true, closes: true })
describeInfrastructureFactory('SQLite memory', memorySettings, {
  factoryClass: SqliteFactory,
  durable: false,
  closes: true,
})
describeApplication('SQLite file', fileSettings, { expectVisibleInDb: true })
describeApplication('SQLite memory', memorySettings, { expectVisibleInDb: true })
describeApplication(':memory:', () => ({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: ':memory:' }), {
  expectVisibleInDb: true,
})
describeMultiProcessGuarantees('SQLite file', fileSettings)

async function sqliteFactory(settings: EnvironmentValues, appName = 'DogSchool'): Promise<SqliteFactory> {
  return (await InfrastructureFactory.construct(new Environment(appName, settings))) as SqliteFactory
}

describe('SQLite settings', () => {
  it('takes the application-prefixed DOGSCHOOL_SQLITE_DBNAME before SQLITE_DBNAME', async () => {
    const [general, own] = [tempDbPath(), tempDbPath()]
    const factory = await sqliteFactory({ ...fileSettings(), SQLITE_DBNAME: general, DOGSCHOOL_SQLITE_DBNAME: own })
    expect(factory.datastore.dbName).toBe(own)
    await factory.close()
  })

  it('names tables after the application, lower-cased, as the Python library does', async () => {
    const factory = await sqliteFactory(fileSettings())
    expect(factory.applicationRecorder().eventsTable).toBe('dogschool_events')
    expect(factory.processRecorder().trackingTable).toBe('dogschool_tracking')
    expect(factory.aggregateRecorder('snapshots').eventsTable).toBe('dogschool_snapshots')
    await factory.close()
  })

  it('reads SQLITE_LOCK_TIMEOUT in seconds, 5 by default', async () => {
    const defaults = await sqliteFactory(fileSettings())
    const custom = await sqliteFactory({ ...fileSettings(), SQLITE_LOCK_TIMEOUT: '2.5' })
    expect([defaults.datastore.lockTimeoutMs, custom.datastore.lockTimeoutMs]).toEqual([5000, 2500])
    await Promise.all([defaults.close(), custom.close()])
  })

  it.each([':memory:', 'file::memory:?mode=memory&cache=shared', 'file:application1?mode=memory&cache=shared'])(
    "accepts the Python tutorial's in-memory SQLITE_DBNAME %s",
    async (dbName) => {
      const factory = await sqliteFactory({ PERSISTENCE_MODULE: 'eventsourcing/sqlite', SQLITE_DBNAME: dbName })
      const recorder = factory.applicationRecorder()
      expect(await recorder.insertEvents([storedEvent(newId(), 1)])).toEqual([1])
      expect(factory.datastore.inMemory).toBe(true)
      await factory.close()
    },
  )

  it('stores a file database in write-ahead-log mode', async () => {
    const factory = await sqliteFactory(fileSettings())
    await factory.applicationRecorder().maxNotificationId()
    expect(factory.datastore.connection().prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    await factory.close()
  })

  it('rejects a missing SQLITE_DBNAME with a ProgrammingError that says what to set', async () => {
    const error = await sqliteFactory({ PERSISTENCE_MODULE: 'eventsourcing/sqlite' }).catch((e: unknown) => e)
    expect(isProgrammingError(error)).toBe(true)
    expect((error as Error).message).toMatchInlineSnapshot(
      `"The setting SQLITE_DBNAME is not set, but PERSISTENCE_MODULE=eventsourcing/sqlite needs the database's file name (or ':memory:'). Set SQLITE_DBNAME (or DOGSCHOOL_SQLITE_DBNAME for this application only) in the application's env option or in process.env."`,
    )
  })

  it('rejects a SQLITE_LOCK_TIMEOUT that is not a number with a ProgrammingError', async () => {
    const error = await sqliteFactory({ ...fileSettings(), SQLITE_LOCK_TIMEOUT: 'soon' }).catch((e: unknown) => e)
    expect((error as Error).message).toMatchInlineSnapshot(
      `"The setting SQLITE_LOCK_TIMEOUT="soon" must be a time in seconds (a number, 0 or more), such as SQLITE_LOCK_TIMEOUT="5"."`,
    )
  })

  it('rejects a CREATE_TABLE that is not yes or no with a ProgrammingError', async () => {
    const error = await sqliteFactory({ ...fileSettings(), CREATE_TABLE: 'perhaps' }).catch((e: unknown) => e)
    expect(isProgrammingError(error)).toBe(true)
    expect((error as Error).message).toContain('CREATE_TABLE="perhaps" is not a yes/no value')
  })
})

describe('SQLite errors', () => {
  it('fails with OperationalError naming the missing table when CREATE_TABLE is off', async () => {
    // Given a factory that does not create tables, on an empty database
    const factory = await sqliteFactory({ ...fileSettings(), CREATE_TABLE: 'n' })
    // When its recorder is used
    const error = await factory
      .applicationRecorder()
      .selectNotifications({ start: 1, limit: 1 })
      .catch((e: unknown) => e)
    // Then the error names the table and the setting
    expect(isOperationalError(error)).toBe(true)
    expect((error as Error).message).toContain('The table dogschool_events does not exist')
    expect((error as Error).message).toContain('CREATE_TABLE')
    expect((error as Error).cause).toMatchObject({ code: 'ERR_SQLITE_ERROR' })
    await factory.close()
  })

  it('fails with OperationalError naming SQLITE_LOCK_TIMEOUT when another connection holds the write lock', async () => {
    // Given another connection in the middle of a write transaction
    const dbName = tempDbPath()
    const recorder = new SqliteApplicationRecorder(openDatastore(dbName, 100))
    await recorder.createTable()
    const other = new DatabaseSync(dbName)
    other.exec('BEGIN IMMEDIATE')
    try {
      // When a write waits longer than the 0.1 s lock timeout
      const error = await recorder.insertEvents([storedEvent(newId(), 1)]).catch((e: unknown) => e)
      // Then it fails with an OperationalError that says which setting to raise
      expect(isOperationalError(error)).toBe(true)
      expect((error as Error).message).toContain('SQLITE_BUSY')
      expect((error as Error).message).toContain('raise SQLITE_LOCK_TIMEOUT')
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    // And once the lock is released, the write succeeds
    expect(await recorder.insertEvents([storedEvent(newId(), 1)])).toEqual([1])
  })

  it('fails with OperationalError when the database file cannot be opened', async () => {
    const factory = await sqliteFactory({ ...fileSettings(), SQLITE_DBNAME: '/nonexistent/directory/dogs.db' })
    const error = await factory
      .applicationRecorder()
      .maxNotificationId()
      .catch((e: unknown) => e)
    expect(isOperationalError(error)).toBe(true)
    expect((error as Error).message).toContain('SQLITE_CANTOPEN')
    expect((error as Error).message).toContain('/nonexistent/directory/dogs.db')
  })

  it('fails with DatabaseError when the file is not a SQLite database', async () => {
    const path = tempDbPath()
    writeFileSync(path, 'These are not the events you are looking for.'.repeat(100))
    const factory = await sqliteFactory({ ...fileSettings(), SQLITE_DBNAME: path })
    const error = await factory
      .applicationRecorder()
      .maxNotificationId()
      .catch((e: unknown) => e)
    expect(isDatabaseError(error)).toBe(true)
    expect((error as Error).message).toContain('SQLITE_NOTADB')
    await factory.close()
  })
})
