/**
 * The `@event` decorator (TC39 standard decorators; `experimentalDecorators` must be off).
 *
 * On a method, it turns a call into a recorded event: the method's one object argument becomes the
 * event's fields, and the method's body becomes the code that applies the event, now and whenever the
 * aggregate is rebuilt. On an aggregate class, it names the created event and records the
 * constructor's object argument as that event's fields.
 */
import { recordMethodEvent, type Aggregate } from './aggregate.js'
import {
  EVENT_METHODS,
  prepareAggregateClass,
  wrapAggregateClass,
  type AggregateEventClass,
  type EventMethod,
} from './aggregate-classes.js'
import { AggregateEvent } from './events.js'
import { applying } from './in-progress.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

// Decorator metadata is how method decorators tell the class which events it has. TypeScript's output
// only passes metadata when `Symbol.metadata` exists; esbuild falls back to the same registered symbol.
;(Symbol as { metadata?: symbol }).metadata ??= Symbol.for('Symbol.metadata')

/** What `@event(...)` returns: a decorator for an aggregate class or for one of its methods. */
export interface EventDecorator {
  <C extends abstract new (...args: any[]) => Aggregate>(value: C, context: ClassDecoratorContext<C>): C
  <This extends Aggregate, Args extends [] | [fields: object] | [fields?: object]>(
    value: (this: This, ...args: Args) => void,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => void>,
  ): (this: This, ...args: Args) => void
}

/**
 * Records an event each time the decorated method is called, or names an aggregate class's created
 * event. The argument is the event's name or an explicitly declared event class.
 *
 * A decorated method takes one object argument (or none); its properties become the event's fields.
 * Its body applies the event, so it must only change state: validate in an undecorated public method
 * that then calls the decorated one.
 *
 * @throws {@link ProgrammingError} if the name is not valid, or the decorator is put on a field, getter
 *   or static method.
 * @example
 * ```ts
 * @event('Registered')
 * class Dog extends Aggregate {
 *   tricks: string[] = []
 *   constructor({ name }: { name: string }) { super(); this.name = name }
 *   @event('TrickAdded')
 *   addTrick({ trick }: { trick: string }) { this.tricks.push(trick) }
 * }
 * ```
 */
export function event(nameOrClass?: string | AggregateEventClass): EventDecorator {
  if (arguments.length > 1 || (typeof nameOrClass === 'function' && !isEventClass(nameOrClass))) {
    throw new ProgrammingError(
      `@event needs an event name or event class in parentheses: write @event('TrickAdded'), not @event.`,
    )
  }
  if (nameOrClass !== undefined && typeof nameOrClass !== 'string' && typeof nameOrClass !== 'function') {
    throw new ProgrammingError(
      `@event takes an event name (a string) or an event class, but was given ${describeValue(nameOrClass)}.`,
    )
  }
  return ((value: unknown, context: DecoratorContext) => {
    if (context.kind === 'class') {
      const replacement = wrapAggregateClass(value as abstract new () => Aggregate, nameOrClass)
      // Runs once the class is complete (static fields included), so a static `topic` is seen.
      context.addInitializer(() => prepareAggregateClass(replacement))
      return replacement
    }
    if (context.kind !== 'method' || context.static) {
      throw new ProgrammingError(
        `@event decorates an aggregate class or one of its instance methods, not the ${context.static ? 'static ' : ''}` +
          `${context.kind} ${String(context.name)}.`,
      )
    }
    if (nameOrClass === undefined) {
      throw new ProgrammingError(
        `@event on the method ${String(context.name)} needs the event's name, as in @event('TrickAdded'): ` +
          `stored events are named explicitly so that renaming a method never breaks them.`,
      )
    }
    return decorateMethod(value as EventMethod['body'], context, nameOrClass)
  }) as EventDecorator
}

function isEventClass(value: unknown): value is AggregateEventClass {
  return typeof value === 'function' && value.prototype instanceof AggregateEvent
}

function decorateMethod(
  body: EventMethod['body'],
  context: ClassMethodDecoratorContext,
  spec: string | AggregateEventClass,
): (...args: unknown[]) => void {
  const metadata = context.metadata as Record<PropertyKey, unknown> | undefined
  if (!metadata) {
    throw new ProgrammingError(
      `@event on the method ${String(context.name)} found no decorator metadata. Import 'eventsourcing/domain' ` +
        `before defining aggregates, and compile with standard decorators (experimentalDecorators off).`,
    )
  }
  const methods = Object.hasOwn(metadata, EVENT_METHODS)
    ? (metadata[EVENT_METHODS] as EventMethod[])
    : (metadata[EVENT_METHODS] = [] as EventMethod[])
  const method: EventMethod = { body, spec, methodName: String(context.name) }
  methods.push(method)
  return function (this: unknown, ...args: unknown[]): void {
    if (applying.depth > 0) {
      body.apply(this, args as [Record<string, unknown>?])
      return
    }
    recordMethodEvent(this, method, args)
  }
}
