/**
 * Tracking recorders: the base of materialised views. A view records each update together with the position
 * (application name, notification id) of the event that caused it, in one atomic write, and a position can be
 * recorded only once; so a view that resumes from its largest recorded position reflects each event of the
 * log exactly once, however often the process that updates it is stopped or killed.
 */
import { OperationalError, WaitTimeoutError } from './errors.js'
import type { Tracking } from './stored-event.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** Options for {@link TrackingRecorder.wait}. */
export interface WaitOptions {
  /** How long to wait, in milliseconds. @default 10000 */
  timeoutMs?: number | undefined
  /** Gives up (with a {@link WaitTimeoutError}) once aborted. */
  signal?: AbortSignal | undefined
}

/** Records the positions in upstream notification logs that a view (or any downstream state) has reached. */
export interface TrackingRecorder {
  /**
   * Records that the given upstream notification was processed, without any other change.
   *
   * @throws {@link IntegrityError} if it is already recorded.
   */
  insertTracking(tracking: Tracking): Promise<void>
  /** Returns the largest recorded notification id of the named upstream application, or 0. */
  maxTrackingId(applicationName: string): Promise<number>
  /** Tells whether the given upstream notification has been recorded as processed. */
  hasTrackingId(applicationName: string, notificationId: number): Promise<boolean>
  /**
   * Resolves once the named application's notification `notificationId` (or a later one) is recorded: the
   * read-your-writes step of a command handler that must return only once the view shows its events.
   *
   * @throws {@link WaitTimeoutError} if it is not recorded within `timeoutMs`, or `signal` is aborted.
   */
  wait(applicationName: string, notificationId: number, options?: WaitOptions): Promise<void>
}

const FIRST_DELAY_MS = 1
const LONGEST_DELAY_MS = 100

/**
 * Waits, reading `maxTrackingId` at growing intervals (1 ms doubling up to 100 ms), until the recorder has
 * reached `notificationId` of the named application. Recorders whose store can tell them sooner may do better.
 *
 * @throws {@link ProgrammingError} if the arguments are malformed.
 * @throws {@link WaitTimeoutError} if the position is not reached within `timeoutMs` or `signal` is aborted.
 */
export async function waitForTracking(
  recorder: Pick<TrackingRecorder, 'maxTrackingId'>,
  applicationName: string,
  notificationId: number,
  options: WaitOptions = {},
): Promise<void> {
  checkWait(applicationName, notificationId, options)
  const timeoutMs = options.timeoutMs ?? 10_000
  const deadline = Date.now() + timeoutMs
  let delay = FIRST_DELAY_MS
  for (;;) {
    const reached = await recorder.maxTrackingId(applicationName)
    if (reached >= notificationId) return
    const aborted = options.signal?.aborted === true
    if (aborted || Date.now() >= deadline) {
      throw new WaitTimeoutError(
        `The view has processed ${applicationName}'s notifications up to ${reached}, not yet ${notificationId}, ` +
          (aborted ? 'and the wait was aborted. ' : `after waiting ${timeoutMs} ms. `) +
          `Is its projection running? If it is busy, give wait() a longer timeoutMs.`,
        { applicationName, notificationId, reached, timeoutMs },
        { cause: aborted ? options.signal?.reason : undefined },
      )
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), options.signal)
    delay = Math.min(delay * 2, LONGEST_DELAY_MS)
  }
}

/**
 * Checks the columns a view's table has (`found`, empty if the table does not exist) against the columns the
 * view needs, for the SQL stores' views.
 *
 * @throws {@link OperationalError} if the table does not exist or lacks a column, saying how to fix it.
 */
export function checkViewTable(
  table: string,
  found: readonly string[],
  columns: readonly string[],
  where: string,
): void {
  if (found.length === 0) {
    throw new OperationalError(
      `The view's table ${table} does not exist in ${where}. Leave CREATE_TABLE unset (or set it to y) to ` +
        `create it, or create it yourself with the columns ${columns.join(', ')}.`,
    )
  }
  const missing = columns.filter((column) => !found.includes(column))
  if (missing.length > 0) {
    throw new OperationalError(
      `The view's table ${table} in ${where} has the columns ${found.join(', ')}, but the view needs ` +
        `${columns.join(', ')} (missing: ${missing.join(', ')}). It was made by something else: give this view ` +
        `another table prefix, or drop the table to let the view create it.`,
    )
  }
}

function checkWait(applicationName: unknown, notificationId: unknown, options: unknown): void {
  if (typeof applicationName !== 'string' || applicationName === '') {
    throw new ProgrammingError(
      `wait() takes the name of the application whose notification to wait for (such as app.name), but was ` +
        `given ${describeValue(applicationName)}.`,
    )
  }
  if (!Number.isSafeInteger(notificationId) || (notificationId as number) < 0) {
    throw new ProgrammingError(
      `wait() takes a notification id (a whole number, such as the notificationId of a recording that save() ` +
        `returned), but was given ${describeValue(notificationId)}.`,
    )
  }
  const timeoutMs = (options as WaitOptions | undefined)?.timeoutMs
  if (typeof options !== 'object' || options === null || (timeoutMs !== undefined && !(timeoutMs >= 0))) {
    throw new ProgrammingError(
      `wait()'s options are { timeoutMs?: number of milliseconds ≥ 0, signal?: AbortSignal }, but were ` +
        `${describeValue(options)}.`,
    )
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
  })
}
