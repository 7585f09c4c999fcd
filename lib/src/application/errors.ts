import { EventSourcingError, errorGuard } from '../utils/errors.js'

/** Thrown when the repository has no stored events for the requested aggregate (at the requested version). */
export class AggregateNotFoundError extends EventSourcingError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'AggregateNotFoundError'
  /** The id that was asked for. */
  readonly aggregateId: string
  /** The version that was asked for, if any. */
  readonly version: number | undefined

  constructor(aggregateId: string, version?: number) {
    super(
      version === undefined
        ? `Aggregate ${aggregateId} was not found: no events are stored for it. Check the id, and that the ` +
            `aggregate was saved (app.save(aggregate)) by an application using the same store.`
        : `Aggregate ${aggregateId} was not found at version ${version}: no events are stored for it up to ` +
            `that version.`,
    )
    this.aggregateId = aggregateId
    this.version = version
  }
}

/** Tells whether a value is an {@link AggregateNotFoundError}. */
export const isAggregateNotFoundError = errorGuard(AggregateNotFoundError)
