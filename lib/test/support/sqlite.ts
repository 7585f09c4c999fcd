/**
 * SQLite test support: database files in a temporary directory that is removed after the test file,
 * and recorder sources for the contract suites (a fresh table per recorder, another connection on demand).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import {
  SqliteAggregateRecorder,
  SqliteApplicationRecorder,
  SqliteDatastore,
  SqliteProcessRecorder,
} from 'eventsourcing/sqlite'
import type { RecorderSource } from '../suites/aggregate-recorder.suite.js'
import { freshTableRecorders, type FreshTables } from './recorder-sources.js'

let directory: string | undefined
let counter = 0
const datastores: SqliteDatastore[] = []

afterAll(() => {
  for (const datastore of datastores.splice(0)) datastore.close()
  if (directory) rmSync(directory, { recursive: true, force: true })
  directory = undefined
})

/** Returns the path of a new database file in this test file's temporary directory. */
export function tempDbPath(name = 'events'): string {
  directory ??= mkdtempSync(join(tmpdir(), 'eventsourcing-sqlite-'))
  return join(directory, `${name}-${++counter}.db`)
}

/** Returns the name of a new in-memory database that the connections of this process share. */
export function sharedMemoryDbName(): string {
  return `file:memory-${process.pid}-${++counter}?mode=memory&cache=shared`
}

/** Opens a datastore that is closed after the test file. */
export function openDatastore(dbName: string, lockTimeoutMs = 5000): SqliteDatastore {
  const datastore = new SqliteDatastore({ dbName, lockTimeoutMs })
  datastores.push(datastore)
  return datastore
}

type Recorder = SqliteAggregateRecorder | SqliteApplicationRecorder | SqliteProcessRecorder

/**
 * Returns a source of recorders of the given class: each new recorder gets its own table in a database
 * the `dbName` function names, and `connectAgain` opens another connection on the same tables.
 */
export function sqliteRecorders<R extends Recorder>(
  recorderClass: new (datastore: SqliteDatastore, options: FreshTables) => R,
  dbName: () => string,
): RecorderSource<R> {
  return freshTableRecorders(
    (onSameAs?: R) => openDatastore(onSameAs?.datastore.dbName ?? dbName()),
    (datastore, tables) => new recorderClass(datastore, tables),
  )
}
