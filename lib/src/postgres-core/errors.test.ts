import { describe, expect, it } from 'vitest'
import { translatePostgresError } from './errors.js'
import { IntegrityError } from '../persistence/index.js'

const context = { host: 'db.example', port: 5433, dbName: 'dogs', user: 'trainer' }
const serverError = (code: string, message = 'something failed') => Object.assign(new Error(message), { code })

describe('translatePostgresError', () => {
  it.each([
    ['08006', 'OperationalError'],
    ['0A000', 'NotSupportedError'],
    ['20000', 'ProgrammingError'],
    ['21000', 'ProgrammingError'],
    ['22P02', 'DataError'],
    ['23505', 'IntegrityError'],
    ['24000', 'InternalError'],
    ['25001', 'InternalError'],
    ['25P03', 'OperationalError'],
    ['26000', 'InternalError'],
    ['27000', 'InternalError'],
    ['28P01', 'OperationalError'],
    ['2B000', 'InternalError'],
    ['2D000', 'InternalError'],
    ['2F000', 'InternalError'],
    ['34000', 'OperationalError'],
    ['38000', 'InternalError'],
    ['39000', 'InternalError'],
    ['3B000', 'InternalError'],
    ['3D000', 'OperationalError'],
    ['3F000', 'ProgrammingError'],
    ['40001', 'OperationalError'],
    ['40P01', 'OperationalError'],
    ['42601', 'ProgrammingError'],
    ['42P01', 'OperationalError'],
    ['42501', 'OperationalError'],
    ['44000', 'ProgrammingError'],
    ['53300', 'OperationalError'],
    ['54000', 'OperationalError'],
    ['55P03', 'OperationalError'],
    ['57014', 'OperationalError'],
    ['57P01', 'OperationalError'],
    ['58030', 'OperationalError'],
    ['F0000', 'InternalError'],
    ['HV000', 'InternalError'],
    ['P0001', 'InternalError'],
    ['XX000', 'InternalError'],
    ['99999', 'DatabaseError'],
  ])('translates SQLSTATE %s into %s, keeping the driver error as cause', (code, className) => {
    // Given a server error with the SQLSTATE code
    const error = serverError(code)
    // When it is translated
    const translated = translatePostgresError(error, context) as Error
    // Then it is of the mapped class, names the code, server and database, and keeps the cause
    expect(translated.name).toBe(className)
    expect(translated.message).toContain(
      `(SQLSTATE ${code}) from the PostgreSQL server at db.example:5433, database 'dogs'`,
    )
    expect(translated.cause).toBe(error)
  })

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH'])(
    'translates the network error %s into an OperationalError naming host:port',
    (code) => {
      const error = Object.assign(new Error(`connect ${code}`), { code })
      const translated = translatePostgresError(error, context) as Error
      expect(translated.name).toBe('OperationalError')
      expect(translated.message).toMatch(/^Could not reach the PostgreSQL server at db\.example:5433 \(database 'dogs'/)
      expect(translated.cause).toBe(error)
    },
  )

  it('translates a connection timeout into an OperationalError naming host:port', () => {
    const translated = translatePostgresError(new Error('timeout expired'), context) as Error
    expect(translated.name).toBe('OperationalError')
    expect(translated.message).toContain('db.example:5433')
  })

  it('names the code of an AggregateError, whose message is empty', () => {
    const error = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' })
    expect((translatePostgresError(error, context) as Error).message).toContain("user 'trainer'): ECONNREFUSED.")
  })

  it('translates other driver errors (a pool used after end) into an InterfaceError', () => {
    const translated = translatePostgresError(new Error('Cannot use a pool after calling end on the pool'), context)
    expect((translated as Error).name).toBe('InterfaceError')
  })

  it('explains a lock timeout with the POSTGRES_LOCK_TIMEOUT setting', () => {
    const translated = translatePostgresError(serverError('55P03', 'canceling statement due to lock timeout'), context)
    expect((translated as Error).message).toMatchInlineSnapshot(
      `"PostgreSQL reported "canceling statement due to lock timeout" (SQLSTATE 55P03) from the PostgreSQL server at db.example:5433, database 'dogs'. Another transaction held a lock for longer than POSTGRES_LOCK_TIMEOUT allows: raise it (seconds; 0 waits for ever), or shorten the other transaction."`,
    )
  })

  it("returns the library's own errors unchanged", () => {
    const own = new IntegrityError('taken')
    expect(translatePostgresError(own, context)).toBe(own)
  })
})
