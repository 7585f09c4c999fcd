/** The errors of projections. */
import { EventSourcingError, errorGuard } from '../utils/errors.js'

/** Where a projection stopped: the upstream notification it could not process. */
export interface ProjectionPosition {
  /** The projection's name. */
  readonly projectionName: string
  /** The name of the application whose notification it was processing. */
  readonly applicationName: string
  /** The id of that notification. */
  readonly notificationId: number
}

/**
 * Thrown when a projection could not process a notification (its handler threw, or the view's write failed).
 * Nothing of that notification's processing was recorded in the view, and the runner stopped; started again,
 * it resumes at that notification. The original error is the `cause`.
 */
export class ProjectionError extends EventSourcingError implements ProjectionPosition {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'ProjectionError'
  readonly projectionName: string
  readonly applicationName: string
  readonly notificationId: number

  constructor(message: string, position: ProjectionPosition, options: { cause?: unknown } = {}) {
    super(message, options)
    this.projectionName = position.projectionName
    this.applicationName = position.applicationName
    this.notificationId = position.notificationId
  }
}

/** Tells whether a value is a {@link ProjectionError}. */
export const isProjectionError = errorGuard(ProjectionError)
