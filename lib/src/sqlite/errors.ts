/**
 * Translates `node:sqlite` and sql.js errors into the library's persistence error tree, after the mapping of
 * Python's `sqlite3` module (which the Python library relies on): each SQLite result code becomes one
 * PEP 249 class, the driver's error is kept as `cause`, and the message names the database and the fix.
 */
import {
  DatabaseError,
  DataError,
  IntegrityError,
  InterfaceError,
  InternalError,
  OperationalError,
  type PersistenceError,
} from '../persistence/index.js'
import { isEventSourcingError } from '../utils/errors.js'

/** What the translation names in its messages. */
export interface SqliteErrorContext {
  /** The database's file name or URI. */
  readonly dbName: string
  /** The busy timeout, to name in a "database is locked" message. */
  readonly lockTimeoutMs: number
}

type PersistenceErrorClass = new (message: string, options?: { cause?: unknown }) => PersistenceError

/** SQLite primary result codes (https://sqlite.org/rescode.html) and the class each becomes. */
const CLASS_BY_CODE: ReadonlyMap<number, [string, PersistenceErrorClass]> = new Map([
  [1, ['SQLITE_ERROR', OperationalError]],
  [2, ['SQLITE_INTERNAL', InternalError]],
  [3, ['SQLITE_PERM', OperationalError]],
  [4, ['SQLITE_ABORT', OperationalError]],
  [5, ['SQLITE_BUSY', OperationalError]],
  [6, ['SQLITE_LOCKED', OperationalError]],
  [7, ['SQLITE_NOMEM', OperationalError]],
  [8, ['SQLITE_READONLY', OperationalError]],
  [9, ['SQLITE_INTERRUPT', OperationalError]],
  [10, ['SQLITE_IOERR', OperationalError]],
  [11, ['SQLITE_CORRUPT', DatabaseError]],
  [12, ['SQLITE_NOTFOUND', InternalError]],
  [13, ['SQLITE_FULL', OperationalError]],
  [14, ['SQLITE_CANTOPEN', OperationalError]],
  [15, ['SQLITE_PROTOCOL', OperationalError]],
  [16, ['SQLITE_EMPTY', OperationalError]],
  [17, ['SQLITE_SCHEMA', OperationalError]],
  [18, ['SQLITE_TOOBIG', DataError]],
  [19, ['SQLITE_CONSTRAINT', IntegrityError]],
  [20, ['SQLITE_MISMATCH', IntegrityError]],
  [21, ['SQLITE_MISUSE', InterfaceError]],
  [22, ['SQLITE_NOLFS', OperationalError]],
  [23, ['SQLITE_AUTH', OperationalError]],
  [24, ['SQLITE_FORMAT', DatabaseError]],
  [25, ['SQLITE_RANGE', InterfaceError]],
  [26, ['SQLITE_NOTADB', DatabaseError]],
])

/**
 * The primary result code of a `node:sqlite` error (`code: 'ERR_SQLITE_ERROR'`) or a sql.js error (`code`
 * the result code's name, such as `'SQLITE_CONSTRAINT_UNIQUE'`, since sql.js 1.17), or undefined for any
 * other value.
 */
export function sqliteResultCode(error: unknown): number | undefined {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown }
  const fromDriver = code === 'ERR_SQLITE_ERROR' || (typeof code === 'string' && code.startsWith('SQLITE_'))
  return fromDriver && typeof errcode === 'number' ? errcode & 0xff : undefined
}

/** Tells whether a driver's error is a UNIQUE or PRIMARY KEY constraint failure. */
export function isUniqueViolation(error: unknown): boolean {
  const { errcode } = (error ?? {}) as { errcode?: unknown }
  // SQLITE_CONSTRAINT_PRIMARYKEY (1555) and SQLITE_CONSTRAINT_UNIQUE (2067).
  return sqliteResultCode(error) === 19 && (errcode === 1555 || errcode === 2067)
}

/**
 * Returns the persistence error for an error thrown by `node:sqlite` or sql.js; errors of this library and other
 * values (bugs) are returned as they are.
 */
export function translateSqliteError(error: unknown, context: SqliteErrorContext): unknown {
  if (isEventSourcingError(error)) return error
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (code === 'ERR_INVALID_STATE') {
    return new InterfaceError(
      `The SQLite database '${context.dbName}' cannot be used: ${String(message)}. Was the application (or its ` +
        `factory) closed? Construct a new one to use the store again.`,
      { cause: error },
    )
  }
  const resultCode = sqliteResultCode(error)
  if (resultCode === undefined) return error
  const [codeName, ErrorClass] = CLASS_BY_CODE.get(resultCode) ?? ['an unknown result code', DatabaseError]
  const said = `SQLite reported "${String(message)}" (${codeName}) on the database '${context.dbName}'.`
  return new ErrorClass(`${said}${hint(resultCode, String(message), context)}`, { cause: error })
}

function hint(resultCode: number, message: string, context: SqliteErrorContext): string {
  const table = /no such table: (\S+)/.exec(message)?.[1]
  if (table !== undefined) {
    return (
      ` The table ${table} does not exist: create it, or leave CREATE_TABLE unset (or 'y') so that the ` +
      `recorder creates its tables on first use.`
    )
  }
  switch (resultCode) {
    case 5:
    case 6:
      return (
        ` Another connection kept the database locked for longer than the lock timeout of ` +
        `${context.lockTimeoutMs / 1000} s: raise SQLITE_LOCK_TIMEOUT (in seconds), or shorten the other ` +
        `connection's transactions.`
      )
    case 8:
      return ' The database cannot be written: check the permissions of the file and its directory.'
    case 13:
      return ' The disk is full: free some space and retry.'
    case 14:
      return ' The file could not be opened: check that SQLITE_DBNAME names a file in a directory that exists.'
    case 11:
    case 26:
      return ' The file is not a SQLite database or is damaged: check that SQLITE_DBNAME names the right file.'
    default:
      return ''
  }
}
