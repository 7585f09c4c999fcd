/**
 * Translates PostgreSQL's errors into the library's persistence error tree, after the mapping of psycopg
 * (which the Python library relies on): a server error becomes a PEP 249 class by its SQLSTATE class (the
 * first two characters of its code), whichever driver reported it (node-postgres and PGlite both give the
 * code). For node-postgres, a network error becomes an {@link OperationalError} that names host:port. The
 * driver's error is kept as `cause`, and the message says what to check.
 */
import {
  DatabaseError,
  DataError,
  IntegrityError,
  InterfaceError,
  InternalError,
  NotSupportedError,
  OperationalError,
  type PersistenceError,
} from '../persistence/index.js'
import { isEventSourcingError, ProgrammingError } from '../utils/errors.js'

/** What the translation names in its messages. */
export interface PostgresErrorContext {
  /** The server's host name or address. */
  readonly host: string
  /** The server's port. */
  readonly port: number
  /** The database's name. */
  readonly dbName: string
  /** The role that connects. */
  readonly user: string
}

/** An error class of the persistence error tree (or ProgrammingError), as a server error translates into. */
export type PostgresErrorClass = new (
  message: string,
  options?: { cause?: unknown },
) => PersistenceError | ProgrammingError

/** SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html) and their classes. */
const CLASS_BY_SQLSTATE_CLASS: ReadonlyMap<string, PostgresErrorClass> = new Map<string, PostgresErrorClass>([
  ['08', OperationalError], // connection exception
  ['0A', NotSupportedError], // feature not supported
  ['20', ProgrammingError], // case not found
  ['21', ProgrammingError], // cardinality violation
  ['22', DataError], // data exception
  ['23', IntegrityError], // integrity constraint violation
  ['24', InternalError], // invalid cursor state
  ['25', InternalError], // invalid transaction state
  ['26', InternalError], // invalid SQL statement name
  ['27', InternalError], // triggered data change violation
  ['28', OperationalError], // invalid authorization specification
  ['2B', InternalError], // dependent privilege descriptors still exist
  ['2D', InternalError], // invalid transaction termination
  ['2F', InternalError], // SQL routine exception
  ['34', OperationalError], // invalid cursor name
  ['38', InternalError], // external routine exception
  ['39', InternalError], // external routine invocation exception
  ['3B', InternalError], // savepoint exception
  ['3D', OperationalError], // invalid catalog name (no such database)
  ['3F', ProgrammingError], // invalid schema name
  ['40', OperationalError], // transaction rollback (serialization failure, deadlock)
  ['42', ProgrammingError], // syntax error or access rule violation
  ['44', ProgrammingError], // WITH CHECK OPTION violation
  ['53', OperationalError], // insufficient resources
  ['54', OperationalError], // program limit exceeded
  ['55', OperationalError], // object not in prerequisite state (lock not available)
  ['57', OperationalError], // operator intervention (query canceled, server shutting down)
  ['58', OperationalError], // system error
  ['F0', InternalError], // configuration file error
  ['HV', InternalError], // foreign data wrapper error
  ['P0', InternalError], // PL/pgSQL error
  ['XX', InternalError], // internal error
])

/** SQLSTATE codes whose class differs from their SQLSTATE class's, because the fix is the user's to make. */
const CLASS_BY_SQLSTATE: ReadonlyMap<string, PostgresErrorClass> = new Map<string, PostgresErrorClass>([
  ['42P01', OperationalError], // undefined table
  ['42501', OperationalError], // insufficient privilege
  ['25P03', OperationalError], // idle in transaction session timeout
])

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EPIPE',
])
const NETWORK_MESSAGE =
  /Connection terminated|timeout expired|timeout exceeded when trying to connect|Connection ended/i

/** The SQLSTATE code of a server error, or undefined for any other value. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/** The class of the persistence error tree that a server error with this SQLSTATE code translates into. */
export function errorClassOf(state: string): PostgresErrorClass {
  return CLASS_BY_SQLSTATE.get(state) ?? CLASS_BY_SQLSTATE_CLASS.get(state.slice(0, 2)) ?? DatabaseError
}

/**
 * Tells whether an error came from the server or the connection (it has an SQLSTATE, or is a network
 * failure), rather than from the caller's own code run inside a transaction.
 */
export function isDriverError(error: unknown): boolean {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown }
  return sqlState(error) !== undefined || NETWORK_CODES.has(String(code)) || NETWORK_MESSAGE.test(String(message))
}

/**
 * Returns the persistence error for an error thrown by node-postgres; errors of this library are
 * returned as they are.
 */
export function translatePostgresError(error: unknown, context: PostgresErrorContext): unknown {
  if (isEventSourcingError(error)) return error
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown }
  // An AggregateError (one per address tried) has an empty message but a code.
  const said = String(message || code || error)
  const where = `the PostgreSQL server at ${context.host}:${context.port}`
  const state = sqlState(error)
  if (state === undefined) {
    if (NETWORK_CODES.has(String(code)) || NETWORK_MESSAGE.test(String(message))) {
      return new OperationalError(
        `Could not reach ${where} (database '${context.dbName}', user '${context.user}'): ${said}. ` +
          `Check that the server is running and that POSTGRES_HOST and POSTGRES_PORT name it.`,
        { cause: error },
      )
    }
    return new InterfaceError(`node-postgres failed talking to ${where}: ${said}.`, { cause: error })
  }
  const ErrorClass = errorClassOf(state)
  const reported = `PostgreSQL reported "${said}" (SQLSTATE ${state}) from ${where}, database '${context.dbName}'.`
  return new ErrorClass(`${reported}${hint(state, context)}`, { cause: error })
}

/** What to do about a missing table (SQLSTATE 42P01), whichever driver reported it. */
export const MISSING_TABLE_HINT =
  " A table is missing: create it, or leave CREATE_TABLE unset (or 'y') so that the recorder creates its " +
  'tables on first use.'

function hint(state: string, context: PostgresErrorContext): string {
  switch (state) {
    case '42P01':
      return MISSING_TABLE_HINT
    case '42501':
      return ` The role '${context.user}' lacks a privilege it needs: grant it, or connect as the tables' owner.`
    case '28P01':
    case '28000':
      return ` Check POSTGRES_USER and POSTGRES_PASSWORD (and the server's pg_hba.conf).`
    case '3D000':
      return ` Create the database, or set POSTGRES_DBNAME to one that exists.`
    case '55P03':
      return (
        ' Another transaction held a lock for longer than POSTGRES_LOCK_TIMEOUT allows: raise it (seconds; 0 ' +
        'waits for ever), or shorten the other transaction.'
      )
    case '25P03':
      return ' A transaction stayed idle for longer than POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT (seconds) allows.'
    default:
      return ''
  }
}
