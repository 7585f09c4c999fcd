/**
 * Translates PGlite's errors into the persistence error tree. PGlite reports PostgreSQL's own errors (with
 * their SQLSTATE codes), so a server error becomes the class the PostgreSQL store gives it; anything else
 * (such as a statement sent after the instance was closed) is an {@link InterfaceError}. The messages name
 * the data directory, since a PGlite database has no server address.
 */
import { errorClassOf, MISSING_TABLE_HINT, sqlState } from '../postgres-core/index.js'
import { InterfaceError } from '../persistence/index.js'
import { isEventSourcingError } from '../utils/errors.js'

/**
 * Returns the persistence error for an error PGlite threw on the database in `dataDir`; errors of this
 * library are returned as they are.
 *
 * @example
 * ```ts
 * translatePgliteError(Object.assign(new Error('relation "x" does not exist'), { code: '42P01' }), 'memory://')
 * // an OperationalError that says the table is missing and how to have it created
 * ```
 */
export function translatePgliteError(error: unknown, dataDir: string): unknown {
  if (isEventSourcingError(error)) return error
  const said = describeCause(error)
  const where = `the PGlite database ${dataDir}`
  const state = sqlState(error)
  if (state === undefined) {
    return new InterfaceError(`PGlite failed on ${where}: ${said}.`, { cause: error })
  }
  const ErrorClass = errorClassOf(state)
  const hint = state === '42P01' ? MISSING_TABLE_HINT : ''
  return new ErrorClass(`PGlite reported "${said}" (SQLSTATE ${state}) from ${where}.${hint}`, { cause: error })
}

/** An error's message, or its name and code when it has no message (as PGlite's file system errors may). */
export function describeCause(error: unknown): string {
  const { message, name, code, errno } = (error ?? {}) as Record<string, unknown>
  if (typeof message === 'string' && message !== '') return message
  const details = [code, errno === undefined ? undefined : `errno ${String(errno)}`].filter((d) => d !== undefined)
  return `${typeof name === 'string' ? name : String(error)}${details.length > 0 ? ` (${details.join(', ')})` : ''}`
}
