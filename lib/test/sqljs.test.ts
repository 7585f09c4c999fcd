/**
 * The SQLite store on sql.js (the browser entry of eventsourcing/sqlite), run in Node: the contract suites
 * over a database kept in an image store and over ':memory:', and what is particular to sql.js: the image is
 * stored after each commit and only then does the write resolve; a failed transaction stores nothing; a
 * failed save undoes the write; errors are translated as node:sqlite's are.
 */
import { afterAll, describe, expect, it } from 'vitest'
import {
  Environment,
  InfrastructureFactory,
  isIntegrityError,
  isInterfaceError,
  isOperationalError,
  isProgrammingError,
} from 'eventsourcing/persistence'
import * as browser from '../src/sqlite/index.browser.js'
import {
  IndexedDbImageStore,
  SqlJsDriver,
  SqlJsFactory,
  SqliteAggregateRecorder,
  SqliteApplicationRecorder,
  SqliteDatastore,
  SqliteProcessRecorder,
  defaultImageStore,
  deleteSqliteDatabase,
} from '../src/sqlite/index.browser.js'
import { describeAggregateRecorder } from './suites/aggregate-recorder.suite.js'
import { describeApplicationRecorder } from './suites/application-recorder.suite.js'
import { describeProcessRecorder } from './suites/process-recorder.suite.js'
import { describeInfrastructureFactory } from './suites/infrastructure-factory.suite.js'
import { describeApplication } from './suites/application.suite.js'
import { describeProjection } from './suites/projection.suite.js'
import { freshTableRecorders, type FreshTables } from './support/recorder-sources.js'
import { Factory, MapImageStore, SQLJS_MODULE, sqlJsDbName } from './support/sqljs-sqlite.js'
import { newId, storedEvent } from './support/stored-events.js'

const datastores: SqliteDatastore[] = []
afterAll(() => {
  for (const datastore of datastores.splice(0)) datastore.close()
})

function openDatastore(dbName: string, imageStore?: MapImageStore): SqliteDatastore {
  const datastore = new SqliteDatastore({ dbName, driver: new SqlJsDriver({ imageStore }) })
  datastores.push(datastore)
  return datastore
}

type Recorder = SqliteAggregateRecorder | SqliteApplicationRecorder | SqliteProcessRecorder

/** Recorders on fresh tables of one stored database; `connectAgain` opens another connection to it. */
function sqlJsRecorders<R extends Recorder>(
  recorderClass: new (datastore: SqliteDatastore, options: FreshTables) => R,
) {
  const store = new MapImageStore()
  return freshTableRecorders(
    (onSameAs?: R) => openDatastore(onSameAs?.datastore.dbName ?? sqlJsDbName(), store),
    (datastore, tables) => new recorderClass(datastore, tables),
  )
}

describeAggregateRecorder('SqliteAggregateRecorder (sql.js)', sqlJsRecorders(SqliteAggregateRecorder))
describeApplicationRecorder('SqliteApplicationRecorder (sql.js)', sqlJsRecorders(SqliteApplicationRecorder))
describeProcessRecorder('SqliteProcessRecorder (sql.js)', sqlJsRecorders(SqliteProcessRecorder))

const storedSettings = () => ({ PERSISTENCE_MODULE: SQLJS_MODULE, SQLITE_DBNAME: sqlJsDbName() })
const memorySettings = () => ({ PERSISTENCE_MODULE: SQLJS_MODULE, SQLITE_DBNAME: ':memory:' })
describeInfrastructureFactory('sql.js stored', storedSettings, { factoryClass: Factory, durable: true, closes: true })
describeInfrastructureFactory('sql.js :memory:', memorySettings, {
  factoryClass: Factory,
  durable: false,
  closes: true,
})
describeApplication('sql.js stored', storedSettings, { expectVisibleInDb: true })
describeApplication('sql.js :memory:', memorySettings, { expectVisibleInDb: true })
describeProjection('on sql.js', { env: storedSettings, durable: true, hears: 'polling' })

describe('sql.js with an image store', () => {
  it('stores the image before the write resolves, and a reopened database sees the committed events', async () => {
    // Given a recorder on a database kept in a store
    const store = new MapImageStore()
    const dbName = sqlJsDbName()
    const recorder = new SqliteApplicationRecorder(openDatastore(dbName, store))
    const id = newId()
    // When it stores two events and the write resolves
    await recorder.insertEvents([storedEvent(id, 1), storedEvent(id, 2)])
    // Then the store holds the image, and a connection opened from it alone reads both events
    expect(store.images.has(dbName)).toBe(true)
    recorder.datastore.close()
    const reopened = new SqliteApplicationRecorder(openDatastore(dbName, store))
    expect((await reopened.selectEvents(id)).map((event) => event.originatorVersion)).toEqual([1, 2])
    expect(await reopened.maxNotificationId()).toBe(2)
  })

  it('rejects a stale save with IntegrityError and stores no image for it', async () => {
    // Given a stored event
    const store = new MapImageStore()
    const recorder = new SqliteApplicationRecorder(openDatastore(sqlJsDbName(), store))
    const id = newId()
    await recorder.insertEvents([storedEvent(id, 1)])
    const saves = store.saves
    // When a write repeats its version along with a new one
    const stale = recorder.insertEvents([storedEvent(id, 2), storedEvent(id, 1)])
    // Then it fails as a version conflict, stores nothing, and saves no image
    await expect(stale).rejects.toSatisfy(isIntegrityError)
    expect(store.saves).toBe(saves)
    expect(await recorder.selectEvents(id)).toHaveLength(1)
  })

  it('rejects a write whose image cannot be stored with OperationalError, and undoes it', async () => {
    // Given a stored event, and a store that then refuses to save
    const store = new MapImageStore()
    const dbName = sqlJsDbName()
    const recorder = new SqliteApplicationRecorder(openDatastore(dbName, store))
    const [kept, lost] = [newId(), newId()]
    await recorder.insertEvents([storedEvent(kept, 1)])
    store.failSaves = true
    // When two writes are made while the store refuses
    const writes = [
      recorder.insertEvents([storedEvent(lost, 1), storedEvent(lost, 2)]),
      recorder.insertEvents([storedEvent(lost, 3)]),
    ]
    // Then both are rejected with an OperationalError that names the database and the fix
    for (const write of writes) {
      await expect(write).rejects.toSatisfy(isOperationalError)
      await expect(write).rejects.toThrow(`Could not store the SQLite database '${dbName}'`)
    }
    // And this connection no longer sees them, nor does one reopened from the store
    expect(await recorder.selectEvents(lost)).toEqual([])
    recorder.datastore.close()
    store.failSaves = false
    const reopened = new SqliteApplicationRecorder(openDatastore(dbName, store))
    expect(await reopened.selectEvents(lost)).toEqual([])
    expect(await reopened.selectEvents(kept)).toHaveLength(1)
    // And the next write goes on from the stored state
    expect(await reopened.insertEvents([storedEvent(lost, 1)])).toEqual([2])
  })

  it('saves the commits made while a save runs in one later save, in order', async () => {
    // Given a recorder on a stored database
    const store = new MapImageStore()
    const recorder = new SqliteApplicationRecorder(openDatastore(sqlJsDbName(), store))
    await recorder.createTable()
    const saves = store.saves
    // When ten writes are made at once
    const ids = await Promise.all(Array.from({ length: 10 }, () => recorder.insertEvents([storedEvent(newId(), 1)])))
    // Then each has its id in order, and fewer saves than writes were needed
    expect(ids.flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(store.saves - saves).toBeLessThan(10)
    expect(store.saves - saves).toBeGreaterThan(0)
  })

  it('finishes the saves of writes committed before the datastore was closed', async () => {
    // Given a table in a stored database
    const store = new MapImageStore()
    const dbName = sqlJsDbName()
    const datastore = openDatastore(dbName, store)
    await datastore.open()
    await datastore.write((db) => db.exec('CREATE TABLE dogs (name TEXT)'))
    // When two writes commit and the datastore is closed before their saves resolve
    const insert = (name: string) => datastore.write((db) => db.prepare('INSERT INTO dogs VALUES (?)').run(name))
    const writes = [insert('Fido'), insert('Rex')]
    datastore.close()
    // Then both resolve, and a reopened database has both
    await Promise.all(writes)
    const reopened = openDatastore(dbName, store)
    await reopened.open()
    expect(reopened.read((db) => db.prepare('SELECT name FROM dogs ORDER BY name').all())).toEqual([
      { name: 'Fido' },
      { name: 'Rex' },
    ])
  })

  it('shares one database between the connections to one name in this realm', async () => {
    // Given two datastores on one stored name
    const store = new MapImageStore()
    const dbName = sqlJsDbName()
    const [one, two] = [openDatastore(dbName, store), openDatastore(dbName, store)]
    const tables = { eventsTable: 'shared_events' }
    const id = newId()
    // When one writes
    await new SqliteApplicationRecorder(one, tables).insertEvents([storedEvent(id, 1)])
    // Then the other reads it at once
    expect(await new SqliteApplicationRecorder(two, tables).selectEvents(id)).toHaveLength(1)
  })

  it('refuses to delete an open database, and a deleted one opens empty', async () => {
    // Given a stored database that is open
    const store = new MapImageStore()
    const dbName = sqlJsDbName()
    const recorder = new SqliteApplicationRecorder(openDatastore(dbName, store))
    await recorder.insertEvents([storedEvent(newId(), 1)])
    // When it is deleted while open, then after closing
    await expect(deleteSqliteDatabase(dbName, store)).rejects.toSatisfy(isProgrammingError)
    recorder.datastore.close()
    await deleteSqliteDatabase(dbName, store)
    // Then it opens empty
    expect(store.images.has(dbName)).toBe(false)
    expect(await new SqliteApplicationRecorder(openDatastore(dbName, store)).maxNotificationId()).toBe(0)
  })

  it('keeps nothing for :memory:, even with a store', async () => {
    const store = new MapImageStore()
    const recorder = new SqliteApplicationRecorder(openDatastore(':memory:', store))
    await recorder.insertEvents([storedEvent(newId(), 1)])
    expect(store.images.size).toBe(0)
  })

  it('refuses use before open() with InterfaceError, since sql.js opens asynchronously', () => {
    const datastore = openDatastore(':memory:')
    expect(() => datastore.connection()).toThrowError(
      expect.objectContaining({ name: 'InterfaceError', message: expect.stringContaining('await datastore.open()') }),
    )
  })
})

describe('sql.js errors', () => {
  it('turns a failed SQL statement into OperationalError, as node:sqlite errors are turned', async () => {
    const datastore = openDatastore(':memory:')
    await datastore.open()
    expect(() => datastore.read((db) => db.prepare('SELECT * FROM missing').all())).toThrowError(
      expect.objectContaining({ name: 'OperationalError', message: expect.stringContaining('no such table: missing') }),
    )
  })

  it('says why a database cannot be kept in IndexedDB where there is none, and what to do', async () => {
    // Node has no indexedDB: the same failure a browser that forbids storage gives
    const datastore = new SqliteDatastore({
      dbName: 'dogschool',
      driver: new SqlJsDriver({ imageStore: new IndexedDbImageStore() }),
    })
    const opening = datastore.open()
    await expect(opening).rejects.toSatisfy(isOperationalError)
    await expect(opening).rejects.toThrow(
      "Could not open the SQLite database 'dogschool' in the IndexedDB database 'eventsourcing-sqlite' " +
        '(Error: this runtime has no indexedDB). Check that this page may use IndexedDB (a private window or the ' +
        "browser's settings can forbid it), or set SQLITE_DBNAME to ':memory:' to keep the database in memory only.",
    )
  })
})

describe('the browser entry of eventsourcing/sqlite', () => {
  it('exports the names of the Node entry, and its own', async () => {
    const node = await import('eventsourcing/sqlite')
    const own = Object.keys(browser).filter((name) => !(name in node))
    expect(Object.keys(node).filter((name) => !(name in browser))).toEqual([])
    expect(own.sort()).toEqual([
      'IndexedDbImageStore',
      'PythonSqlJsFactory',
      'SQLITE_WASM_URL',
      'SqlJsDriver',
      'SqlJsFactory',
      'configureSqlJs',
      'defaultImageStore',
      'deleteSqliteDatabase',
    ])
  })

  it('builds its datastore on sql.js with the IndexedDB store and the SQLITE_WASM_URL setting', async () => {
    const factory = new browser.Factory(
      new Environment('DogSchool', { SQLITE_DBNAME: 'dogschool', SQLITE_WASM_URL: '/assets/sql-wasm-browser.wasm' }),
    )
    expect(factory).toBeInstanceOf(SqlJsFactory)
    const driver = factory.datastore.driver as SqlJsDriver
    expect(driver).toBeInstanceOf(SqlJsDriver)
    expect(driver.imageStore).toBe(defaultImageStore)
    expect(driver.wasmUrl).toBe('/assets/sql-wasm-browser.wasm')
    expect(browser.SqliteFactory).toBe(SqlJsFactory)
  })

  it('builds its datastore on the image store configureSqlJs sets, and on the IndexedDB store again once it is unset', async () => {
    const elsewhere = new MapImageStore()
    browser.configureSqlJs({ imageStore: elsewhere })
    try {
      const factory = new browser.Factory(new Environment('DogSchool', { SQLITE_DBNAME: 'dogschool' }))
      expect((factory.datastore.driver as SqlJsDriver).imageStore).toBe(elsewhere)
    } finally {
      browser.configureSqlJs({ imageStore: undefined })
    }
    const factory = new browser.Factory(new Environment('DogSchool', { SQLITE_DBNAME: 'dogschool' }))
    expect((factory.datastore.driver as SqlJsDriver).imageStore).toBe(defaultImageStore)
  })

  it('is what the settings choose through a module that exports it', async () => {
    const factory = await InfrastructureFactory.construct(new Environment('DogSchool', storedSettings()))
    expect(factory).toBeInstanceOf(Factory)
    await factory.close()
  })
})

describe('sql.js closing', () => {
  it('refuses a closed datastore with InterfaceError', async () => {
    const recorder = new SqliteApplicationRecorder(openDatastore(sqlJsDbName(), new MapImageStore()))
    await recorder.insertEvents([storedEvent(newId(), 1)])
    recorder.datastore.close()
    await expect(recorder.maxNotificationId()).rejects.toSatisfy(isInterfaceError)
  })
})

describe('IndexedDbImageStore', () => {
  it('lets another connection delete its database, and opens the database again for its next operation', async () => {
    const { indexedDB: fakeIndexedDb } = await import('fake-indexeddb')
    const globals = globalThis as { indexedDB?: IDBFactory }
    globals.indexedDB = fakeIndexedDb
    try {
      const store = new IndexedDbImageStore({ databaseName: 'images-to-reset' })
      await store.save('dogschool', new Uint8Array([1, 2, 3]))
      expect(await store.load('dogschool')).toEqual(new Uint8Array([1, 2, 3]))

      const blocked: string[] = []
      await new Promise<void>((resolve, reject) => {
        const request = fakeIndexedDb.deleteDatabase('images-to-reset')
        request.onblocked = () => blocked.push('blocked')
        request.onsuccess = () => resolve()
        request.onerror = () => reject(request.error)
      })
      expect(blocked).toEqual([])
      expect(await store.load('dogschool')).toBeUndefined()
    } finally {
      delete globals.indexedDB
    }
  })
})
