/**
 * Given / when / then for aggregates: state the events an aggregate already has, run a command, and
 * check the events it records (names and fields) or the error it throws. The failure message lists the
 * expected and the actual events side by side. Used by the tutorial's graded exercises, and usable in any
 * test runner (it throws on failure).
 */
import {
  Aggregate,
  eventFields,
  EventSourcingError,
  NAMESPACE_URL,
  registry,
  uuid5,
  type AggregateClass,
} from '../domain/index.js'
import type { AggregateEvent, DomainEventProperties } from '../domain/index.js'
import { describeValue } from '../utils/describe.js'
import { deepEqual } from '../utils/values.js'
import { errorGuard, ProgrammingError } from '../utils/errors.js'

/** An event as a scenario states it: its name, and its fields (none if omitted). */
export type ScenarioEvent = readonly [name: string, fields?: Readonly<Record<string, unknown>>]

/** Thrown when a scenario's outcome is not what it expected; `expected` and `actual` hold both sides. */
export class ScenarioError extends EventSourcingError {
  /** The class's name, which the `isXxxError` guards check, so that the error is recognised as plain data too. */
  override name = 'ScenarioError'

  constructor(
    message: string,
    /** What the scenario expected: events, or an error. */
    readonly expected: unknown,
    /** What happened: events, or an error. */
    readonly actual: unknown,
  ) {
    super(message)
  }
}

/** Tells whether a value is a {@link ScenarioError}. */
export const isScenarioError = errorGuard(ScenarioError)

const SCENARIO_ID = uuid5(NAMESPACE_URL, '/eventsourcing/scenario')

/**
 * Starts a scenario for an aggregate class.
 *
 * @example
 * ```ts
 * scenario(Dog)
 *   .given(['Registered', { name: 'Fido' }])
 *   .when((dog) => dog.addTrick({ trick: 'sit' }))
 *   .then(['TrickAdded', { trick: 'sit' }])
 *
 * scenario(Dog)
 *   .when(() => new Dog({ name: 'Fido' }))
 *   .then(['Registered', { name: 'Fido' }])
 * ```
 */
export function scenario<A extends Aggregate>(aggregateClass: AggregateClass<A>): Scenario<A> {
  if (typeof aggregateClass !== 'function' || !(aggregateClass.prototype instanceof Aggregate)) {
    throw new ProgrammingError(`scenario() takes an aggregate class, but was given ${describeValue(aggregateClass)}.`)
  }
  return new Scenario(aggregateClass)
}

/** A scenario before its command: optionally with the events the aggregate already has. */
export class Scenario<A extends Aggregate> {
  readonly #aggregateClass: AggregateClass<A>
  readonly #given: readonly ScenarioEvent[]

  constructor(aggregateClass: AggregateClass<A>, given: readonly ScenarioEvent[] = []) {
    this.#aggregateClass = aggregateClass
    this.#given = given
  }

  /**
   * States the events the aggregate already has, oldest first; the first must be its created event.
   *
   * @throws {@link ProgrammingError} if an event is not `[name, fields]` or names no event of the class.
   */
  given(...events: ScenarioEvent[]): Scenario<A> {
    for (const event of events) checkScenarioEvent(event, 'given')
    return new Scenario(this.#aggregateClass, [...this.#given, ...events])
  }

  /**
   * Runs a command. With given events, it receives the aggregate they rebuild; without, it must return the
   * aggregate it creates.
   */
  when(command: (aggregate: A) => unknown): Outcome {
    if (typeof command !== 'function') {
      throw new ProgrammingError(
        `when() takes a function that runs the command, but was given ${describeValue(command)}.`,
      )
    }
    const aggregate = this.#rebuild()
    let result: unknown
    try {
      result = command(aggregate as A)
    } catch (error) {
      return new Outcome([], error)
    }
    const subject = result instanceof Aggregate ? result : aggregate
    if (subject === null) {
      throw new ProgrammingError(
        'A scenario without given events needs a command that returns the aggregate it creates, such as ' +
          "() => new Dog({ name: 'Fido' }).",
      )
    }
    return new Outcome(subject.collectEvents(), undefined)
  }

  #rebuild(): Aggregate | null {
    const cls = this.#aggregateClass as unknown as typeof Aggregate
    let aggregate: Aggregate | null = null
    this.#given.forEach(([name, fields = {}], index) => {
      const eventClass = cls.eventClass(name)
      const properties: DomainEventProperties & Record<string, unknown> = {
        ...fields,
        originatorId: aggregate?.id ?? SCENARIO_ID,
        originatorVersion: index + 1,
        timestamp: new Date(),
      }
      if (index === 0) properties.originatorTopic = registry.topicOf(cls)
      aggregate = eventClass.create(properties).mutate(aggregate)
    })
    return aggregate
  }
}

/** The outcome of a scenario's command, to check with `then` or `thenThrows`. */
export class Outcome {
  readonly #events: readonly AggregateEvent[]
  readonly #error: unknown

  constructor(events: readonly AggregateEvent[], error: unknown) {
    this.#events = events
    this.#error = error
  }

  /**
   * Checks that the command recorded exactly these events, in order, with exactly these fields.
   *
   * @throws {@link ScenarioError} if it recorded other events, or threw.
   */
  then(...expected: ScenarioEvent[]): void {
    for (const event of expected) checkScenarioEvent(event, 'then')
    const actual = this.#events.map(toScenarioEvent)
    if (this.#error !== undefined) {
      throw new ScenarioError(
        `Expected the command to record ${listEvents(expected)}\nbut it threw ${describeError(this.#error)}`,
        expected,
        this.#error,
      )
    }
    const matches =
      actual.length === expected.length &&
      actual.every(
        ([name, fields], index) => name === expected[index]![0] && deepEqual(fields, expected[index]![1] ?? {}),
      )
    if (!matches) {
      throw new ScenarioError(
        `Expected the command to record ${listEvents(expected)}\nbut it recorded ${listEvents(actual)}`,
        expected,
        actual,
      )
    }
  }

  /**
   * Checks that the command threw: an instance of the given class, or an error whose message contains the
   * given text or matches the given pattern. A command that throws records nothing.
   *
   * @throws {@link ScenarioError} if the command did not throw such an error.
   */
  thenThrows(expected: (abstract new (...args: never[]) => Error) | string | RegExp): void {
    const error = this.#error
    const description =
      typeof expected === 'function'
        ? `a ${expected.name}`
        : typeof expected === 'string'
          ? `an error containing ${JSON.stringify(expected)}`
          : `an error matching ${expected}`
    if (error === undefined) {
      throw new ScenarioError(
        `Expected the command to throw ${description}\nbut it recorded ${listEvents(this.#events.map(toScenarioEvent))}`,
        expected,
        this.#events.map(toScenarioEvent),
      )
    }
    const message = error instanceof Error ? error.message : String(error)
    const ok =
      typeof expected === 'function'
        ? error instanceof expected
        : typeof expected === 'string'
          ? message.includes(expected)
          : expected.test(message)
    if (!ok) {
      throw new ScenarioError(
        `Expected the command to throw ${description}\nbut it threw ${describeError(error)}`,
        expected,
        error,
      )
    }
  }
}

function checkScenarioEvent(event: unknown, where: string): void {
  const ok =
    Array.isArray(event) &&
    typeof event[0] === 'string' &&
    event.length <= 2 &&
    (event[1] === undefined || (typeof event[1] === 'object' && event[1] !== null))
  if (!ok) {
    throw new ProgrammingError(
      `${where}() takes events as [name, fields] pairs, such as ['TrickAdded', { trick: 'sit' }], but was given ` +
        `${describeValue(event)}.`,
    )
  }
}

function toScenarioEvent(event: AggregateEvent): ScenarioEvent {
  return [event.constructor.name, eventFields(event)]
}

function listEvents(events: readonly ScenarioEvent[]): string {
  if (events.length === 0) return 'no events'
  const lines = events.map(([name, fields], index) => `  ${index + 1}. ${name} ${formatFields(fields ?? {})}`)
  return `${events.length} event${events.length === 1 ? '' : 's'}:\n${lines.join('\n')}`
}

function formatFields(fields: Readonly<Record<string, unknown>>): string {
  return JSON.stringify(fields, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : describeValue(error)
}
