/** The errors of event-driven systems. */
import { EventSourcingError, errorGuard } from '../utils/errors.js'

/** Where a follower stopped: the upstream notification its policy could not process. */
export interface ProcessingPosition {
  /** The name of the application that failed. */
  readonly applicationName: string
  /** The name of the application whose notification it was processing. */
  readonly leaderName: string
  /** The id of that notification. */
  readonly notificationId: number
}

/**
 * Thrown when a process application could not process an upstream notification (its policy threw, or its
 * write failed). Nothing of that notification's processing was recorded, and the application stops following
 * until it is started again, when it resumes at that notification. The original error is the `cause`.
 */
export class ProcessingError extends EventSourcingError implements ProcessingPosition {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'ProcessingError'
  readonly applicationName: string
  readonly leaderName: string
  readonly notificationId: number

  constructor(message: string, position: ProcessingPosition, options: { cause?: unknown } = {}) {
    super(message, options)
    this.applicationName = position.applicationName
    this.leaderName = position.leaderName
    this.notificationId = position.notificationId
  }
}

/** Tells whether a value is a {@link ProcessingError}. */
export const isProcessingError = errorGuard(ProcessingError)
