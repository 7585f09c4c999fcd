import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { translateSqliteError } from './errors.js'
import { IntegrityError, OperationalError } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'

const context = { dbName: 'dogs.db', lockTimeoutMs: 5000 }
const driverError = (errcode: number, message = 'something failed') =>
  Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode, errstr: 'some error' })

describe('translateSqliteError', () => {
  it.each([
    [1, 'SQLITE_ERROR', 'OperationalError'],
    [2, 'SQLITE_INTERNAL', 'InternalError'],
    [3, 'SQLITE_PERM', 'OperationalError'],
    [4, 'SQLITE_ABORT', 'OperationalError'],
    [5, 'SQLITE_BUSY', 'OperationalError'],
    [6, 'SQLITE_LOCKED', 'OperationalError'],
    [7, 'SQLITE_NOMEM', 'OperationalError'],
    [8, 'SQLITE_READONLY', 'OperationalError'],
    [9, 'SQLITE_INTERRUPT', 'OperationalError'],
    [10, 'SQLITE_IOERR', 'OperationalError'],
    [11, 'SQLITE_CORRUPT', 'DatabaseError'],
    [12, 'SQLITE_NOTFOUND', 'InternalError'],
    [13, 'SQLITE_FULL', 'OperationalError'],
    [14, 'SQLITE_CANTOPEN', 'OperationalError'],
    [15, 'SQLITE_PROTOCOL', 'OperationalError'],
    [16, 'SQLITE_EMPTY', 'OperationalError'],
    [17, 'SQLITE_SCHEMA', 'OperationalError'],
    [18, 'SQLITE_TOOBIG', 'DataError'],
    [19, 'SQLITE_CONSTRAINT', 'IntegrityError'],
    [20, 'SQLITE_MISMATCH', 'IntegrityError'],
    [21, 'SQLITE_MISUSE', 'InterfaceError'],
    [22, 'SQLITE_NOLFS', 'OperationalError'],
    [23, 'SQLITE_AUTH', 'OperationalError'],
    [24, 'SQLITE_FORMAT', 'DatabaseError'],
    [25, 'SQLITE_RANGE', 'InterfaceError'],
    [26, 'SQLITE_NOTADB', 'DatabaseError'],
  ])('translates result code %i (%s) into %s, keeping the driver error as cause', (code, codeName, className) => {
    // Given a driver error with an extended result code whose primary code is `code`
    const error = driverError(code + 256 * 3)
    // When it is translated
    const translated = translateSqliteError(error, context) as Error
    // Then it is of the mapped class, names the code and the database, and keeps the cause
    expect(translated.name).toBe(className)
    expect(translated.message).toContain(`(${codeName}) on the database 'dogs.db'`)
    expect(translated.cause).toBe(error)
  })

  it('translates an unknown result code into a DatabaseError', () => {
    expect((translateSqliteError(driverError(99), context) as Error).name).toBe('DatabaseError')
  })

  it('explains a missing table with the CREATE_TABLE setting', () => {
    const translated = translateSqliteError(driverError(1, 'no such table: dogschool_events'), context) as Error
    expect(translated.message).toMatchInlineSnapshot(
      `"SQLite reported "no such table: dogschool_events" (SQLITE_ERROR) on the database 'dogs.db'. The table dogschool_events does not exist: create it, or leave CREATE_TABLE unset (or 'y') so that the recorder creates its tables on first use."`,
    )
  })

  it('explains a lock timeout with the SQLITE_LOCK_TIMEOUT setting', () => {
    const translated = translateSqliteError(driverError(5, 'database is locked'), context) as Error
    expect(translated.message).toMatchInlineSnapshot(
      `"SQLite reported "database is locked" (SQLITE_BUSY) on the database 'dogs.db'. Another connection kept the database locked for longer than the lock timeout of 5 s: raise SQLITE_LOCK_TIMEOUT (in seconds), or shorten the other connection's transactions."`,
    )
  })

  it('translates a closed connection into an InterfaceError', () => {
    const connection = new DatabaseSync(':memory:')
    connection.close()
    const error = (() => {
      try {
        connection.exec('SELECT 1')
      } catch (e) {
        return e
      }
    })()
    expect((translateSqliteError(error, context) as Error).name).toBe('InterfaceError')
  })

  it("returns the library's own errors and other values unchanged", () => {
    const own = [new IntegrityError('taken'), new OperationalError('down'), new ProgrammingError('wrong')]
    for (const error of own) expect(translateSqliteError(error, context)).toBe(error)
    const bug = new TypeError('not a function')
    expect(translateSqliteError(bug, context)).toBe(bug)
  })
})
