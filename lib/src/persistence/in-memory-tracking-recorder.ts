/**
 * The in-memory base of views: a subclass keeps its view in fields and changes them only inside
 * {@link InMemoryTrackingRecorder.record}, which checks the position, runs the change and records the position
 * without awaiting in between, so no other call can see the change without its position, or the reverse.
 */
import { checkTracking } from './checks.js'
import { trackingConflict } from './in-memory.js'
import type { Tracking } from './stored-event.js'
import { ProgrammingError } from '../utils/errors.js'
import { waitForTracking, type TrackingRecorder, type WaitOptions } from './tracking-recorder.js'
import { notifyViewConstructed } from './view-observers.js'

/**
 * Records positions in upstream logs in memory. Extend it with the view's fields, command methods that change
 * them through {@link InMemoryTrackingRecorder.record}, and query methods.
 *
 * @example
 * ```ts
 * class InMemoryDogCounts extends InMemoryTrackingRecorder implements DogCounts {
 *   #dogs = 0
 *   async countDog(tracking: Tracking) {
 *     this.record(tracking, () => this.#dogs++)
 *   }
 *   async dogs() {
 *     return this.#dogs
 *   }
 * }
 * ```
 */
export class InMemoryTrackingRecorder implements TrackingRecorder {
  readonly #tracked = new Map<string, { ids: Set<number>; max: number }>()

  /** Tells the view observers (`observeViews`) about the new view. */
  constructor() {
    notifyViewConstructed(this)
  }

  async insertTracking(tracking: Tracking): Promise<void> {
    this.record(tracking)
  }

  async maxTrackingId(applicationName: string): Promise<number> {
    return this.#tracked.get(applicationName)?.max ?? 0
  }

  async hasTrackingId(applicationName: string, notificationId: number): Promise<boolean> {
    return this.#tracked.get(applicationName)?.ids.has(notificationId) ?? false
  }

  wait(applicationName: string, notificationId: number, options?: WaitOptions): Promise<void> {
    return waitForTracking(this, applicationName, notificationId, options)
  }

  /**
   * Runs `change` and records `tracking`, as one step: if the position is already recorded, or `change`
   * throws, nothing is recorded. `change` must check what it needs before it changes anything, since the
   * fields it changed before throwing cannot be put back.
   *
   * @returns what `change` returns.
   * @throws {@link IntegrityError} if the position is already recorded (the change is not run).
   * @throws {@link ProgrammingError} if `tracking` is malformed, or `change` returns a promise (nothing is
   *   recorded, but what the change did before its first await stays done).
   */
  protected record<T>(tracking: Tracking, change?: () => T): T | undefined {
    checkTracking(tracking)
    const { applicationName, notificationId } = tracking
    let tracked = this.#tracked.get(applicationName)
    if (tracked?.ids.has(notificationId)) throw trackingConflict(tracking)
    const result = change?.()
    if (typeof (result as { then?: unknown } | undefined)?.then === 'function') {
      throw new ProgrammingError(
        `record()'s change returned a promise: an in-memory view changes its fields synchronously, so that the ` +
          `change and its position are recorded as one step. Do any awaiting before calling record().`,
      )
    }
    if (tracked === undefined) this.#tracked.set(applicationName, (tracked = { ids: new Set(), max: 0 }))
    tracked.ids.add(notificationId)
    tracked.max = Math.max(tracked.max, notificationId)
    return result
  }
}
