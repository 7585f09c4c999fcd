/**
 * Argument checks shared by every recorder, so that each store rejects bad input with the same
 * messages before touching its data.
 */
import type { SelectEventsOptions, SelectNotificationsOptions } from './recorders.js'
import type { StoredEvent, Tracking } from './stored-event.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue, isPlainObject } from '../utils/describe.js'

const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 1
const isWholeNumber = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0

/** @throws {@link ProgrammingError} unless `events` is an array of well-formed stored events. */
export function checkStoredEvents(events: readonly StoredEvent[]): void {
  if (!Array.isArray(events)) {
    throw new ProgrammingError(
      `insertEvents() takes an array of stored events, but was given ${describeValue(events)}.`,
    )
  }
  for (const [index, event] of events.entries()) {
    const problem =
      typeof event !== 'object' || event === null
        ? `is ${describeValue(event)}`
        : typeof event.originatorId !== 'string' || event.originatorId === ''
          ? `has originatorId ${describeValue(event.originatorId)}, not a non-empty string`
          : !isPositiveInteger(event.originatorVersion)
            ? `has originatorVersion ${describeValue(event.originatorVersion)}, not a whole number of 1 or more`
            : typeof event.topic !== 'string' || event.topic === ''
              ? `has topic ${describeValue(event.topic)}, not a non-empty string`
              : !(event.state instanceof Uint8Array)
                ? `has state ${describeValue(event.state)}, not a Uint8Array`
                : undefined
    if (problem) throw new ProgrammingError(`The stored event at index ${index} ${problem}.`)
  }
}

const SELECT_RANGE_OPTIONS = ['gt', 'lte'] as const

/** @throws {@link ProgrammingError} unless the arguments of `selectEvents` are valid. */
export function checkSelectEvents(originatorId: string, options: SelectEventsOptions | undefined): void {
  if (typeof originatorId !== 'string' || originatorId === '') {
    throw new ProgrammingError(
      `selectEvents() needs an originator id string, but was given ${describeValue(originatorId)}.`,
    )
  }
  // No options select every event: this is most reads, so they are spared the checks below.
  if (options === undefined) return
  if (!isPlainObject(options)) {
    throw new ProgrammingError(`selectEvents() options must be an object, but were ${describeValue(options)}.`)
  }
  for (const key of SELECT_RANGE_OPTIONS) {
    if (options[key] !== undefined && !isWholeNumber(options[key])) {
      throw new ProgrammingError(
        `selectEvents() option ${key} must be a whole number, but is ${describeValue(options[key])}.`,
      )
    }
  }
  if (options.limit !== undefined && !isWholeNumber(options.limit)) {
    throw new ProgrammingError(
      `selectEvents() option limit must be a whole number, but is ${describeValue(options.limit)}.`,
    )
  }
}

/** @throws {@link ProgrammingError} unless the options of `selectNotifications` are valid. */
export function checkSelectNotifications(options: SelectNotificationsOptions): void {
  if (!isPlainObject(options)) {
    throw new ProgrammingError(
      `select() takes an options object such as { start: 1, limit: 10 }, but was given ${describeValue(options)}.`,
    )
  }
  if (!isPositiveInteger(options.start)) {
    throw new ProgrammingError(
      `The notification log option start must be a whole number of 1 or more (notification ids start at 1), ` +
        `but is ${describeValue(options.start)}.`,
    )
  }
  if (!isPositiveInteger(options.limit)) {
    throw new ProgrammingError(
      `The notification log option limit must be a whole number of 1 or more, but is ${describeValue(options.limit)}.`,
    )
  }
  if (options.stop !== undefined && !isWholeNumber(options.stop)) {
    throw new ProgrammingError(
      `The notification log option stop must be a whole number, but is ${describeValue(options.stop)}.`,
    )
  }
  if (
    options.topics !== undefined &&
    (!Array.isArray(options.topics) || options.topics.some((t) => typeof t !== 'string'))
  ) {
    throw new ProgrammingError(
      `The notification log option topics must be an array of strings, but is ${describeValue(options.topics)}.`,
    )
  }
}

/** @throws {@link ProgrammingError} unless `tracking` names an application and a notification id. */
export function checkTracking(tracking: Tracking): void {
  if (
    typeof tracking !== 'object' ||
    tracking === null ||
    typeof tracking.applicationName !== 'string' ||
    tracking.applicationName === '' ||
    !isPositiveInteger(tracking.notificationId)
  ) {
    throw new ProgrammingError(
      `A tracking record needs { applicationName: string, notificationId: whole number of 1 or more }, but was ` +
        `${describeValue(tracking)}.`,
    )
  }
}
