/**
 * Application observers, the application's instrumentation point: tools such as the tutorial's event explorer
 * learn which applications a program made and what they stored, without reaching into private state. With no
 * observer registered it costs one size check per construction and per save.
 */
import type { Application } from './application.js'
import type { Recording } from '../persistence/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** What an application observer is told. Every method is optional. */
export interface ApplicationObserver {
  /** Called when an application has been constructed. */
  constructed?(application: Application): void
  /** Called after an application stored events, with their recordings (event and notification id). */
  stored?(application: Application, recordings: readonly Recording[]): void
}

const observers = new Set<ApplicationObserver>()

/**
 * Tells `observer` about every application constructed, and every save, from now on.
 *
 * @returns a function that stops the observation.
 * @throws {@link ProgrammingError} if `observer` is not an object.
 * @example
 * ```ts
 * const stop = observeApplications({ stored: (app, recordings) => console.log(app.name, recordings.length) })
 * ```
 */
export function observeApplications(observer: ApplicationObserver): () => void {
  if (typeof observer !== 'object' || observer === null) {
    throw new ProgrammingError(
      `observeApplications() takes an object with constructed() and/or stored() methods, but was given ` +
        `${describeValue(observer)}.`,
    )
  }
  observers.add(observer)
  return () => observers.delete(observer)
}

/** Tells the observers that an application was constructed. */
export function notifyApplicationConstructed(application: Application): void {
  if (observers.size === 0) return
  for (const observer of observers) observer.constructed?.(application)
}

/** Tells the observers that an application stored events. */
export function notifyEventsStored(application: Application, recordings: readonly Recording[]): void {
  if (observers.size === 0) return
  for (const observer of observers) observer.stored?.(application, recordings)
}
