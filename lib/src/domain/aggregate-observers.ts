/**
 * Aggregate observers, the domain's instrumentation point: tools such as the tutorial's event explorer learn
 * which aggregates a program made, without reaching into private state. With no observer registered it
 * costs one size check per constructed aggregate.
 */
import type { Aggregate } from './aggregate.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** Called with each aggregate when it is constructed: new (`rebuilt` false) or from its events (true). */
export type AggregateObserver = (aggregate: Aggregate, rebuilt: boolean) => void

const observers = new Set<AggregateObserver>()

/**
 * Calls `observer` with every aggregate constructed from now on. The aggregate's own constructor body has
 * not run yet when the observer is called: keep the reference and read its state later.
 *
 * @returns a function that stops the observation.
 * @throws {@link ProgrammingError} if `observer` is not a function.
 * @example
 * ```ts
 * const seen: Aggregate[] = []
 * const stop = observeAggregates((aggregate) => seen.push(aggregate))
 * ```
 */
export function observeAggregates(observer: AggregateObserver): () => void {
  if (typeof observer !== 'function') {
    throw new ProgrammingError(`observeAggregates() takes a function, but was given ${describeValue(observer)}.`)
  }
  observers.add(observer)
  return () => observers.delete(observer)
}

/** Tells the observers about an aggregate. Called by the Aggregate constructor. */
export function notifyAggregateConstructed(aggregate: Aggregate, rebuilt: boolean): void {
  if (observers.size === 0) return
  for (const observer of observers) observer(aggregate, rebuilt)
}
