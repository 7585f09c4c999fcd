/**
 * The root of the library's error tree, and the guard factory every layer uses.
 *
 * Errors cross Web Worker boundaries as plain data and a page can load two copies of the bundle, so
 * `instanceof` alone is not a reliable test: every error class gets an `isXxxError` guard that also
 * accepts an object carrying the class's `name`.
 */

/** Options accepted by every error in the tree. */
export interface EventSourcingErrorOptions {
  /** The lower-level error that caused this one (a driver error, a failed parse). */
  cause?: unknown
}

/**
 * The base class of every error this library throws.
 *
 * @example
 * ```ts
 * try {
 *   await app.save(dog)
 * } catch (error) {
 *   if (isEventSourcingError(error)) console.log(error.message)
 * }
 * ```
 */
export class EventSourcingError extends Error {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'EventSourcingError'

  constructor(message: string, options?: EventSourcingErrorOptions) {
    super(message, options)
  }
}

/**
 * Thrown when the library is used in a way it does not support: a wrong argument type, a missing
 * decorator argument, an event class used twice. The message says what was wrong and how to fix it.
 */
export class ProgrammingError extends EventSourcingError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'ProgrammingError'
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E

/**
 * Makes a type guard for an error class that accepts instances of the class, and also plain objects
 * or foreign instances whose `name` is the class's name or one of its subclasses' names.
 */
export function errorGuard<E extends Error>(errorClass: ErrorClass<E>, ...subclassNames: string[]) {
  const names = new Set([errorClass.name, ...subclassNames])
  return (value: unknown): value is E => {
    if (value instanceof errorClass) return true
    if (typeof value !== 'object' || value === null) return false
    const name = (value as { name?: unknown }).name
    return typeof name === 'string' && names.has(name)
  }
}

/**
 * The name of every error class in the tree, so that {@link isEventSourcingError} can recognise errors
 * that crossed a worker boundary as plain data. A test checks this list against the exported classes.
 */
export const ERROR_NAMES: ReadonlySet<string> = new Set([
  'EventSourcingError',
  'ProgrammingError',
  'TopicError',
  'OriginatorIdError',
  'OriginatorVersionError',
  'AggregateNotFoundError',
  'ScenarioError',
  'ProcessingError',
  'ProjectionError',
  'PersistenceError',
  'TranscodingError',
  'InterfaceError',
  'DatabaseError',
  'DataError',
  'OperationalError',
  'IntegrityError',
  'InternalError',
  'NotSupportedError',
  'WaitTimeoutError',
])

/** Tells whether a value is an {@link EventSourcingError} (from any copy of the library, or as plain data). */
export const isEventSourcingError = errorGuard(EventSourcingError, ...ERROR_NAMES)

/** Tells whether a value is a {@link ProgrammingError}. */
export const isProgrammingError = errorGuard(ProgrammingError)
