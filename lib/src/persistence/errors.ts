/**
 * The persistence errors, after Python's DB-API (PEP 249) exception tree, which the Python library
 * also uses. Store adapters translate their drivers' errors into this tree and keep the driver's error
 * as `cause`.
 */
import { EventSourcingError, errorGuard } from '../utils/errors.js'

/** The base class of errors raised while storing or reading events. */
export class PersistenceError extends EventSourcingError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'PersistenceError'
}

/** Thrown when a value cannot be encoded for storage, or stored data cannot be decoded. */
export class TranscodingError extends PersistenceError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'TranscodingError'
}

/** Thrown for errors of the database interface rather than of the database itself. */
export class InterfaceError extends PersistenceError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'InterfaceError'
}

/** The base class of errors reported by the database. */
export class DatabaseError extends PersistenceError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'DatabaseError'
}

/** Thrown when stored data is invalid: corrupt, tampered with, or not what the reader expects. */
export class DataError extends DatabaseError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'DataError'
}

/** Thrown when the database cannot do its work: unreachable, locked, out of resources, missing a table. */
export class OperationalError extends DatabaseError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'OperationalError'
}

/**
 * Thrown when a write would break the store's integrity, above all when an event's originator version
 * is already stored (another writer saved the aggregate first). Nothing of the failed write is stored.
 */
export class IntegrityError extends DatabaseError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'IntegrityError'
  /** The id of the aggregate whose version was already taken, when known. */
  readonly originatorId: string | undefined
  /** The version that was already taken, when known. */
  readonly originatorVersion: number | undefined

  constructor(message: string, options: { cause?: unknown; originatorId?: string; originatorVersion?: number } = {}) {
    super(message, { cause: options.cause })
    this.originatorId = options.originatorId
    this.originatorVersion = options.originatorVersion
  }
}

/** Thrown when the database reports an internal error. */
export class InternalError extends DatabaseError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'InternalError'
}

/** Thrown when an operation is not supported by the store. */
export class NotSupportedError extends DatabaseError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'NotSupportedError'
}

/** Tells whether a value is a {@link PersistenceError} (or one of its subclasses). */
export const isPersistenceError = errorGuard(
  PersistenceError,
  'TranscodingError',
  'InterfaceError',
  'DatabaseError',
  'DataError',
  'OperationalError',
  'IntegrityError',
  'InternalError',
  'NotSupportedError',
  'WaitTimeoutError',
)
/** Tells whether a value is a {@link TranscodingError}. */
export const isTranscodingError = errorGuard(TranscodingError)
/** Tells whether a value is a {@link DatabaseError} (or one of its subclasses). */
export const isDatabaseError = errorGuard(
  DatabaseError,
  'DataError',
  'OperationalError',
  'IntegrityError',
  'InternalError',
  'NotSupportedError',
)
/** Tells whether a value is a {@link DataError}. */
export const isDataError = errorGuard(DataError)
/** Tells whether a value is an {@link OperationalError}. */
export const isOperationalError = errorGuard(OperationalError)
/** Tells whether a value is an {@link IntegrityError}. */
export const isIntegrityError = errorGuard(IntegrityError)
/** Tells whether a value is an {@link InterfaceError}. */
export const isInterfaceError = errorGuard(InterfaceError)
/** Tells whether a value is an {@link InternalError}. */
export const isInternalError = errorGuard(InternalError)
/** Tells whether a value is a {@link NotSupportedError}. */
export const isNotSupportedError = errorGuard(NotSupportedError)

/** Where a {@link WaitTimeoutError} was waiting. */
export interface WaitPosition {
  /** The name of the upstream application. */
  readonly applicationName: string
  /** The notification id that was awaited. */
  readonly notificationId: number
  /** The largest notification id the view had processed when the wait gave up. */
  readonly reached: number
  /** How long the wait lasted, in milliseconds. */
  readonly timeoutMs: number
}

/**
 * Thrown by a tracking recorder's `wait()` when the view has not processed the awaited notification within
 * the time allowed (or the wait was aborted). The view may catch up later: nothing is lost.
 */
export class WaitTimeoutError extends PersistenceError implements WaitPosition {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'WaitTimeoutError'
  readonly applicationName: string
  readonly notificationId: number
  readonly reached: number
  readonly timeoutMs: number

  constructor(message: string, position: WaitPosition, options: { cause?: unknown } = {}) {
    super(message, options)
    this.applicationName = position.applicationName
    this.notificationId = position.notificationId
    this.reached = position.reached
    this.timeoutMs = position.timeoutMs
  }
}

/** Tells whether a value is a {@link WaitTimeoutError}. */
export const isWaitTimeoutError = errorGuard(WaitTimeoutError)
