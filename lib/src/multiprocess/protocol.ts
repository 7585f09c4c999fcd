/**
 * What the multi-process runner and its worker threads say to each other: the data a worker starts with,
 * the messages each way, and errors as plain data. Errors are sent as data (name, message, the fields of
 * the error tree, the cause) and rebuilt as instances of this library's classes on the other side, because
 * structured cloning keeps an Error's message but drops its class and fields.
 */
import { AggregateNotFoundError } from '../application/index.js'
import { OriginatorIdError, OriginatorVersionError, TopicError } from '../domain/index.js'
import {
  DatabaseError,
  DataError,
  IntegrityError,
  InterfaceError,
  InternalError,
  NotSupportedError,
  OperationalError,
  PersistenceError,
  ProgrammingError,
  TranscodingError,
  type EnvironmentValues,
} from '../persistence/index.js'
import { ProcessingError } from '../system/index.js'

/** Marks the data of a worker started by the multi-process runner. */
export const WORKER_MARK = 'eventsourcing/multiprocess'

/** What a worker is started with: which follower it hosts, where the system is, and how to watch leaders. */
export interface WorkerData {
  /** Always {@link WORKER_MARK}. */
  readonly mark: typeof WORKER_MARK
  /** The name of the follower the worker hosts. */
  readonly applicationName: string
  /** The URL of the module that exports the system. */
  readonly systemModule: string
  /** The name of that module's export: a System, or a function that returns one. */
  readonly systemExport: string
  /** The settings every application is constructed with. */
  readonly env: EnvironmentValues
  /** The system's application names, to check that the module exports the system the runner was given. */
  readonly nodes: readonly string[]
  /** The system's (leader, follower) pairs, for the same check. */
  readonly edges: readonly (readonly [string, string])[]
  /** How often to read a leader whose store cannot notify, in milliseconds. */
  readonly pollIntervalMs: number
  /** How often to read a leader whose store notifies, in milliseconds, in case a notification was missed. */
  readonly notifiedPollIntervalMs: number
}

/** Tells whether a worker's data was sent by the multi-process runner. */
export function isWorkerData(value: unknown): value is WorkerData {
  return typeof value === 'object' && value !== null && (value as { mark?: unknown }).mark === WORKER_MARK
}

/** A message from the runner to a worker. */
export type ToWorker =
  /** Read the named leader's log: it has stored events. */
  | { readonly type: 'prompt'; readonly leaderName: string }
  /** Answer with the follower's position in each leader's log. */
  | { readonly type: 'positions'; readonly requestId: number }
  /** Finish the notification in hand, close the applications and exit. */
  | { readonly type: 'stop' }

/** A message from a worker to the runner. */
export type FromWorker =
  /** The follower is constructed, follows its leaders, and is catching up. */
  | { readonly type: 'ready' }
  /** The worker could not start; it exits. */
  | { readonly type: 'failed'; readonly error: ErrorData }
  /** The follower stopped processing with this error; the worker waits to be stopped. */
  | { readonly type: 'error'; readonly error: ErrorData }
  /** The follower stored events (its own followers may have work). */
  | { readonly type: 'recorded' }
  /** The answer to a 'positions' message. */
  | {
      readonly type: 'positions'
      readonly requestId: number
      readonly positions?: Readonly<Record<string, number>>
      readonly error?: ErrorData
    }

/** An error as plain data. */
export interface ErrorData {
  /** The error's class name, such as 'ProcessingError'. */
  readonly name: string
  /** The error's message. */
  readonly message: string
  /** The stack where the error was made (in the worker). */
  readonly stack?: string | undefined
  /** The fields of the error tree it had, such as `notificationId`. */
  readonly fields: Readonly<Record<string, string | number | undefined>>
  /** The error that caused it, if any. */
  readonly cause?: ErrorData | undefined
}

/** The fields of the error tree that are carried across. */
const FIELDS = [
  'applicationName',
  'leaderName',
  'notificationId',
  'originatorId',
  'originatorVersion',
  'aggregateId',
  'version',
] as const

/** Returns an error (or any thrown value) as plain data, with up to three causes. */
export function toErrorData(error: unknown, depth = 0): ErrorData {
  if (!(error instanceof Error)) {
    return { name: 'Error', message: typeof error === 'string' ? error : String(error), fields: {} }
  }
  const fields: Record<string, string | number | undefined> = {}
  for (const field of FIELDS) {
    const value = (error as unknown as Record<string, unknown>)[field]
    if (typeof value === 'string' || typeof value === 'number') fields[field] = value
  }
  const cause = (error as { cause?: unknown }).cause
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    fields,
    cause: cause !== undefined && depth < 3 ? toErrorData(cause, depth + 1) : undefined,
  }
}

type Rebuild = (message: string, fields: ErrorData['fields'], cause: unknown) => Error

const plain =
  (ErrorClass: new (message: string, options?: { cause?: unknown }) => Error): Rebuild =>
  (message, _fields, cause) =>
    new ErrorClass(message, { cause })

/** How to rebuild each class of the error tree from its name. */
const REBUILD: Readonly<Record<string, Rebuild>> = {
  ProgrammingError: plain(ProgrammingError),
  TopicError: plain(TopicError),
  OriginatorIdError: plain(OriginatorIdError),
  OriginatorVersionError: plain(OriginatorVersionError),
  AggregateNotFoundError: (_message, fields) =>
    new AggregateNotFoundError(String(fields.aggregateId), fields.version as number | undefined),
  PersistenceError: plain(PersistenceError),
  TranscodingError: plain(TranscodingError),
  InterfaceError: plain(InterfaceError),
  DatabaseError: plain(DatabaseError),
  DataError: plain(DataError),
  OperationalError: plain(OperationalError),
  InternalError: plain(InternalError),
  NotSupportedError: plain(NotSupportedError),
  IntegrityError: (message, fields, cause) =>
    new IntegrityError(message, {
      cause,
      originatorId: fields.originatorId as string | undefined,
      originatorVersion: fields.originatorVersion as number | undefined,
    }),
  ProcessingError: (message, fields, cause) =>
    new ProcessingError(
      message,
      {
        applicationName: String(fields.applicationName ?? ''),
        leaderName: String(fields.leaderName ?? ''),
        notificationId: Number(fields.notificationId ?? 0),
      },
      { cause },
    ),
}

/**
 * Rebuilds an error from its data: an instance of the library's class of that name, or an `Error` with the
 * name, for other classes. The stack is the worker's.
 */
export function fromErrorData(data: ErrorData): Error {
  const cause = data.cause === undefined ? undefined : fromErrorData(data.cause)
  let error: Error
  try {
    error = REBUILD[data.name]?.(data.message, data.fields, cause) ?? new Error(data.message, { cause })
  } catch {
    error = new Error(data.message, { cause })
  }
  if (error.name !== data.name) Object.defineProperty(error, 'name', { value: data.name, configurable: true })
  if (data.stack !== undefined) error.stack = data.stack
  return error
}
