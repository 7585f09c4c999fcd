/**
 * The views' instrumentation point: tools such as the tutorial's event explorer learn which views (tracking
 * recorders) a program made, to show their rows and positions beside the applications' logs, without reaching
 * into private state. The in-memory, SQLite and PostgreSQL tracking recorders tell it from their constructors;
 * with no observer registered it costs one size check per construction.
 */
import type { TrackingRecorder } from './tracking-recorder.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** What a view observer is told. Every method is optional. */
export interface ViewObserver {
  /**
   * Called when a view (a tracking recorder) has been constructed: from its base class's constructor, so before a
   * subclass's own fields are set. Read the view later, not here.
   */
  constructed?(view: TrackingRecorder): void
}

const observers = new Set<ViewObserver>()

/**
 * Tells `observer` about every view constructed from now on: every instance of `InMemoryTrackingRecorder`,
 * `SqliteTrackingRecorder` and `PostgresTrackingRecorder`, and of their subclasses.
 *
 * @returns a function that stops the observation.
 * @throws {@link ProgrammingError} if `observer` is not an object.
 * @example
 * ```ts
 * const views: TrackingRecorder[] = []
 * const stop = observeViews({ constructed: (view) => views.push(view) })
 * ```
 */
export function observeViews(observer: ViewObserver): () => void {
  if (typeof observer !== 'object' || observer === null) {
    throw new ProgrammingError(
      `observeViews() takes an object with a constructed() method, but was given ${describeValue(observer)}.`,
    )
  }
  observers.add(observer)
  return () => observers.delete(observer)
}

/**
 * Tells the view observers that `view` was constructed. A tracking recorder calls it at the end of its
 * constructor; an adapter's own tracking recorder base class should too, so that its views are observed.
 */
export function notifyViewConstructed(view: TrackingRecorder): void {
  if (observers.size === 0) return
  for (const observer of observers) observer.constructed?.(view)
}
