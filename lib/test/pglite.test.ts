/**
 * The contract suites on PGlite, in memory and on a data directory, and what is particular to it: one
 * instance shared per data directory and closed with its last user, an instance the application supplies,
 * statements that never interleave with another caller's transaction, and a clear error for a data
 * directory that cannot be opened. PGlite takes seconds to start on a busy machine, so the suites share
 * one instance per kind of store (each call of the settings gets a schema of its own) and only the tests
 * about opening and closing start their own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Environment,
  InfrastructureFactory,
  isIntegrityError,
  isOperationalError,
  isProgrammingError,
  type EnvironmentValues,
} from 'eventsourcing/persistence'
import {
  PgliteDatastore,
  PgliteFactory,
  PostgresAggregateRecorder,
  PostgresApplicationRecorder,
  PostgresProcessRecorder,
  PostgresTrackingRecorder,
  openPgliteWith,
  usePglite,
  type PgliteLike,
} from 'eventsourcing/pglite'
import { describeAggregateRecorder } from './suites/aggregate-recorder.suite.js'
import { describeApplicationRecorder } from './suites/application-recorder.suite.js'
import { describeProcessRecorder } from './suites/process-recorder.suite.js'
import { describeInfrastructureFactory } from './suites/infrastructure-factory.suite.js'
import { describeApplication } from './suites/application.suite.js'
import { describeProjection } from './suites/projection.suite.js'
import { freshTableRecorders, type FreshTables } from './support/recorder-sources.js'
import { newId, storedEvent } from './support/stored-events.js'

const STARTS_IN_MS = 120_000
const tempDir = () => mkdtempSync(join(tmpdir(), 'eventsourcing-pglite-'))

// The in-memory instance the memory suites share, supplied as an application supplies its own.
const MEMORY = 'memory://pglite-test'
const memoryInstance = await PGlite.create()
const withdrawMemory = usePglite(MEMORY, memoryInstance)
// A data directory the directory suites share, kept open by one factory that outlives them.
const DATA_DIR = tempDir()
let keepOpen: PgliteFactory

beforeAll(async () => {
  keepOpen = await pgliteFactory({ PGLITE_DATA_DIR: DATA_DIR })
  await keepOpen.datastore.query('SELECT 1')
}, STARTS_IN_MS)

afterAll(async () => {
  await keepOpen.close()
  withdrawMemory()
  await memoryInstance.close()
})

let schemas = 0
const settings = (dataDir: string) => (): Record<string, string> => ({
  PERSISTENCE_MODULE: 'eventsourcing/pglite',
  PGLITE_DATA_DIR: dataDir,
  PGLITE_SCHEMA: `test_${++schemas}`,
})
const memorySettings = settings(MEMORY)
const directorySettings = settings(DATA_DIR)

type Recorder = PostgresAggregateRecorder | PostgresApplicationRecorder | PostgresProcessRecorder

/** Recorders on fresh tables; `connectAgain` gives one through a datastore of its own on the same instance. */
function pgliteRecorders<R extends Recorder>(
  recorderClass: new (datastore: PgliteDatastore, tables: FreshTables) => R,
  datastore: () => PgliteDatastore,
) {
  return freshTableRecorders(datastore, (ds, tables) => new recorderClass(ds, tables))
}

const onMemory = () => new PgliteDatastore(memoryInstance, { dataDir: MEMORY })
const onDirectory = () => keepOpen.datastore

for (const [name, datastore] of [
  ['in memory', onMemory],
  ['data directory', onDirectory],
] as const) {
  describeAggregateRecorder(`PGlite ${name}`, pgliteRecorders(PostgresAggregateRecorder, datastore))
  describeApplicationRecorder(`PGlite ${name}`, pgliteRecorders(PostgresApplicationRecorder, datastore))
  describeProcessRecorder(`PGlite ${name}`, pgliteRecorders(PostgresProcessRecorder, datastore))
}
// Both stores outlive their factories here: the memory instance is the test's, the directory is on disk.
describeInfrastructureFactory('PGlite in memory', memorySettings, {
  factoryClass: PgliteFactory,
  durable: true,
  closes: true,
})
describeInfrastructureFactory('PGlite data directory', directorySettings, {
  factoryClass: PgliteFactory,
  durable: true,
  closes: true,
})
describeApplication('PGlite in memory', memorySettings, { expectVisibleInDb: true })
describeApplication('PGlite data directory', directorySettings, { expectVisibleInDb: true })
describeProjection('on PGlite in memory', { env: memorySettings, durable: true, hears: 'notifications' })

async function pgliteFactory(values: EnvironmentValues, appName = 'DogSchool'): Promise<PgliteFactory> {
  const env = { PERSISTENCE_MODULE: 'eventsourcing/pglite', ...values }
  return (await InfrastructureFactory.construct(new Environment(appName, env))) as PgliteFactory
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error as Error,
  )

describe('PGlite data directories', () => {
  it(
    'finds the events again when a closed data directory is opened again',
    async () => {
      // Given an event stored in a data directory whose only factory was then closed
      const dataDir = tempDir()
      const id = newId()
      const first = await pgliteFactory({ PGLITE_DATA_DIR: dataDir })
      await first.applicationRecorder().insertEvents([storedEvent(id, 1, 'kept')])
      await first.close()
      // When a factory opens the directory again
      const second = await pgliteFactory({ PGLITE_DATA_DIR: dataDir })
      try {
        // Then the event is there
        const [event] = await second.applicationRecorder().selectEvents(id)
        expect(new TextDecoder().decode(event!.state)).toContain('kept')
      } finally {
        await second.close()
      }
    },
    STARTS_IN_MS,
  )

  it(
    'shares one instance between factories on one data directory, and closes it with the last of them',
    async () => {
      // Given two factories on one named in-memory database (two instances would be two databases)
      const dataDir = `memory://shared-${newId()}`
      const [one, two] = [
        await pgliteFactory({ PGLITE_DATA_DIR: dataDir }),
        await pgliteFactory({ PGLITE_DATA_DIR: dataDir }),
      ]
      const id = newId()
      // When one stores an event and is closed
      await one.applicationRecorder().insertEvents([storedEvent(id, 1)])
      await one.close()
      // Then the other reads it and goes on writing
      expect(await two.applicationRecorder().selectEvents(id)).toHaveLength(1)
      expect(await two.applicationRecorder().insertEvents([storedEvent(id, 2)])).toEqual([2])
      // And once the last is closed, the instance is gone: a new factory finds an empty database
      await two.close()
      const three = await pgliteFactory({ PGLITE_DATA_DIR: dataDir })
      try {
        expect(await three.applicationRecorder().maxNotificationId()).toBe(0)
      } finally {
        await three.close()
      }
    },
    STARTS_IN_MS,
  )

  it(
    'fails with an OperationalError naming the data directory, the cause and the fix when it cannot be opened',
    async () => {
      // Given a PGLITE_DATA_DIR that is a file, not a directory
      const file = join(tempDir(), 'not-a-directory')
      writeFileSync(file, 'x')
      const factory = await pgliteFactory({ PGLITE_DATA_DIR: file })
      // When the store is used
      const error = await failure(factory.applicationRecorder().maxNotificationId())
      // Then the error says which directory, why, and what to do, and keeps PGlite's error
      expect(isOperationalError(error)).toBe(true)
      expect(error.message.replace(file, '<file>')).toMatchInlineSnapshot(
        `"Could not open the PGlite database <file>: ErrnoError (errno 54). Set PGLITE_DATA_DIR to a directory this process may write (or a path where one can be created), that no other process has open; or to memory:// for a database in memory."`,
      )
      expect(error.cause).toBeDefined()
      await factory.close()
    },
    STARTS_IN_MS,
  )

  it('rejects a PGLITE_SCHEMA that is not a plain identifier with a ProgrammingError', async () => {
    const error = await failure(pgliteFactory({ PGLITE_DATA_DIR: MEMORY, PGLITE_SCHEMA: 'public; DROP' }))
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toContain('The setting PGLITE_SCHEMA is "public; DROP", which is not a plain SQL')
  })
})

describe('PGlite instances supplied by the application', () => {
  it('keeps a supplied instance open when the factories using it close', async () => {
    // Given a factory on the supplied in-memory instance, which stored an event and was closed
    const factory = await pgliteFactory(memorySettings())
    await factory.applicationRecorder().insertEvents([storedEvent(newId(), 1)])
    await factory.close()
    // Then the instance is still open for the application
    expect(memoryInstance.closed).toBe(false)
    expect((await memoryInstance.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })

  it('refuses a second instance for a data directory with a ProgrammingError', () => {
    expect(() => usePglite(MEMORY, memoryInstance)).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: usePglite("memory://pglite-test") was given an instance, but another instance was already supplied on that data directory, and two instances on one directory would corrupt it: supply the instance before any application on memory://pglite-test is constructed, and withdraw a supplied one first.]`,
    )
  })
})

describe('PGlite instances opened by the application’s opener', () => {
  it('opens each data directory without an instance with the opener, once, and shares what it gives', async () => {
    // Given an opener that hands out the in-memory instance for any data directory (counting closes instead)
    const opened: string[] = []
    let closes = 0
    const given: PgliteLike = {
      get closed() {
        return memoryInstance.closed
      },
      query: (text, params, options) => memoryInstance.query(text, params, options),
      transaction: (work) => memoryInstance.transaction(work),
      listen: (channel, callback) => memoryInstance.listen(channel, callback),
      close: async () => void closes++,
    }
    openPgliteWith(async (dataDir) => {
      opened.push(dataDir)
      return given
    })
    try {
      // When two applications' factories use a data directory no one has open
      const settings = { PERSISTENCE_MODULE: 'eventsourcing/pglite', PGLITE_DATA_DIR: 'idb://opener-test' }
      const first = await pgliteFactory(settings)
      const second = await pgliteFactory(settings)
      await first.applicationRecorder().insertEvents([storedEvent(newId(), 1)])
      // Then the opener was asked once, and both factories reach the instance it gave
      expect(await second.applicationRecorder().maxNotificationId()).toBeGreaterThan(0)
      expect(opened).toEqual(['idb://opener-test'])
      // And the instance is closed when the last factory lets go, as one the factories opened themselves
      await first.close()
      expect(closes).toBe(0)
      await second.close()
      expect(closes).toBe(1)
    } finally {
      openPgliteWith(undefined)
    }
  })

  it('reports an opener that fails as an OperationalError naming the data directory and the reason', async () => {
    openPgliteWith(async () => {
      throw new Error('the page has no database worker')
    })
    try {
      const factory = await pgliteFactory({
        PERSISTENCE_MODULE: 'eventsourcing/pglite',
        PGLITE_DATA_DIR: 'idb://broken',
      })
      const error = await failure(factory.applicationRecorder().maxNotificationId())
      expect(error).toMatchObject({
        name: 'OperationalError',
        message: 'Could not open the PGlite database idb://broken: the page has no database worker.',
      })
      await factory.close()
    } finally {
      openPgliteWith(undefined)
    }
  })
})

describe('PGlite transactions', () => {
  it('stores nothing of a write whose second event conflicts', async () => {
    // Given an aggregate with a stored first event
    const recorder = new PostgresApplicationRecorder(onMemory(), { eventsTable: `half_${newId().slice(0, 8)}` })
    const [fresh, existing] = [newId(), newId()]
    await recorder.insertEvents([storedEvent(existing, 1)])
    // When one write stores a new aggregate's event and a conflicting one
    const error = await failure(recorder.insertEvents([storedEvent(fresh, 1), storedEvent(existing, 1)]))
    // Then it fails with IntegrityError and stores neither
    expect(isIntegrityError(error)).toBe(true)
    expect(await recorder.selectEvents(fresh)).toEqual([])
    expect(await recorder.maxNotificationId()).toBe(1)
  })

  it('keeps a statement from another datastore out of an open transaction: it waits for the commit', async () => {
    // Given a transaction on the shared instance that has inserted a row and waits before committing
    const table = `interleave_${newId().slice(0, 8)}`
    const [writer, reader] = [onMemory(), onMemory()]
    await writer.query(`CREATE TABLE ${table} (n int)`)
    let commit!: () => void
    const committing = new Promise<void>((resolve) => (commit = resolve))
    let inserted!: () => void
    const insertedRow = new Promise<void>((resolve) => (inserted = resolve))
    const transaction = writer.transaction(async (session) => {
      await session.query(`INSERT INTO ${table} VALUES (1)`)
      inserted()
      await committing
    })
    await insertedRow
    // When another datastore counts the rows meanwhile
    const count = reader.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
    const first = await Promise.race([count.then(() => 'read'), new Promise((r) => setTimeout(r, 200, 'waiting'))])
    commit()
    await transaction
    // Then the read waited for the commit, and saw the committed row
    expect(first).toBe('waiting')
    expect(await count).toEqual([{ n: 1 }])
  })

  it('stores nothing when a statement run before COMMIT fails', async () => {
    const datastore = onMemory()
    const table = `late_${newId().slice(0, 8)}`
    await datastore.query(`CREATE TABLE ${table} (n int)`)
    const failing = datastore.transaction(
      (session) => session.query(`INSERT INTO ${table} VALUES (1)`),
      [],
      () => ['SELECT 1 / 0'],
    )
    await expect(failing).rejects.toThrow(/division by zero/)
    expect(await datastore.query(`SELECT * FROM ${table}`)).toEqual([])
  })

  it('hears the notification of a committed write through listen()', async () => {
    const recorder = new PostgresApplicationRecorder(onMemory(), {
      eventsTable: `heard_${newId().slice(0, 8)}`,
      schema: 'listen_test',
    })
    await recorder.maxNotificationId()
    const heard: number[] = []
    const listener = await recorder.listen((id) => heard.push(id))
    await recorder.insertEvents([storedEvent(newId(), 1), storedEvent(newId(), 1)])
    await expect.poll(() => heard).toEqual([2])
    await listener.close()
  })

  it('runs a view written for PostgreSQL (a PostgresTrackingRecorder subclass) as the factory view class', async () => {
    const factory = await pgliteFactory(memorySettings())
    expect(factory.trackingRecorderClass).toBe(PostgresTrackingRecorder)
    await factory.close()
  })
})
