/**
 * What the domain is doing right now: applying events, rebuilding an aggregate, or constructing a new one of a
 * decorated class. All of it is synchronous, so module state is enough. Events, aggregates, the class
 * machinery and the decorator read it to tell a call made by the library (apply the body, take the id from the
 * event) from a call made by the program (record an event); this file imports nothing, so that they all can.
 */

/** What a rebuilt aggregate takes its id, version and creation time from. */
export interface ReplayedEvent {
  readonly originatorId: string
  readonly originatorVersion: number
  readonly timestamp: Date
}

/** The aggregate being rebuilt from a created event or snapshot right now, if any. */
export const replaying: { cls: object | undefined; event: ReplayedEvent | undefined } = {
  cls: undefined,
  event: undefined,
}

/**
 * How deeply events are being applied right now: above 0, a decorated method runs its body without recording
 * a second event (one decorated method's body may call another).
 */
export const applying = { depth: 0 }

/**
 * The new aggregates being constructed right now by a decorated class, by class: their constructor argument, and
 * whether their created event is recorded yet (it is recorded once, by the `Aggregate` constructor).
 */
export const constructions = new Map<object, { readonly argument: Record<string, unknown>; recorded: boolean }>()

/** Runs `construct` as the rebuilding of an aggregate of class `cls` from `event`. */
export function replay<T>(cls: object, event: ReplayedEvent, construct: () => T): T {
  const outerCls = replaying.cls
  const outerEvent = replaying.event
  replaying.cls = cls
  replaying.event = event
  applying.depth++
  try {
    return construct()
  } finally {
    applying.depth--
    replaying.cls = outerCls
    replaying.event = outerEvent
  }
}
