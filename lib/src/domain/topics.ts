/**
 * Topics are the stable names under which classes are stored: an aggregate's topic goes into its
 * created event, and each event's topic goes into its stored record, so that reading it back can find
 * the class again. The registry maps topics to classes and back.
 *
 * Topics come from the decorator's event names and the classes' names. A minifier can rename a class,
 * so a name that looks minified is refused with a message that says how to give an explicit topic.
 */
import { TopicError } from './errors.js'
import { ProgrammingError } from '../utils/errors.js'

/** Sets the topic a class's objects are written under (for the library's own registrations). */
let claimTopic: (registry: TopicRegistry, topic: string, cls: object) => void

/**
 * A map from topics to the classes they name, with a reset for pages that redefine classes. A class can be
 * found under several topics (an old name kept for reading old events), but is written under one: the
 * topic the library gave it, or else the first it was registered under.
 */
export class TopicRegistry {
  #classes = new Map<string, object>()
  #topics = new WeakMap<object, string>()
  #generation = 0

  static {
    claimTopic = (registry, topic, cls) => {
      registry.register(topic, cls)
      registry.#topics.set(cls, topic)
    }
  }

  /** Counts resets, so that classes prepared before a reset know to register again. */
  get generation(): number {
    return this.#generation
  }

  /**
   * Registers `cls` under `topic`. Registering the same pair again does nothing. A class that already has
   * a topic keeps writing under it: another topic only adds a name to read stored objects by, such as the
   * old topic of a renamed class (`registry.register('OldDog.TrickAdded', Dog.TrickAdded)`).
   *
   * @throws {@link TopicError} if another class is already registered under `topic`.
   */
  register(topic: string, cls: object): void {
    const existing = this.#classes.get(topic)
    if (existing === cls) return
    if (existing !== undefined) {
      throw new TopicError(
        `The topic '${topic}' is already registered for another class. Two classes cannot share a topic, ` +
          `because stored events name their class by topic. If you are redefining the class (for example ` +
          `re-running a snippet), call registry.reset() first; otherwise give one of the classes an explicit ` +
          `topic with a static 'topic' property.`,
      )
    }
    this.#classes.set(topic, cls)
    if (!this.#topics.has(cls)) this.#topics.set(cls, topic)
  }

  /**
   * Returns the class registered under `topic`.
   *
   * @throws {@link TopicError} if no class is registered under `topic`.
   */
  resolve(topic: string): object {
    const cls = this.#classes.get(topic)
    if (cls === undefined) {
      throw new TopicError(
        `No class is registered under the topic '${topic}'. An aggregate class registers its topics when ` +
          `@event decorates it, or else when it is first used: pass the class to repository.get(id, Class), ` +
          `decorate it (@event('Created') on the class is enough), or import the module that defines it ` +
          `before reading its events.`,
      )
    }
    return cls
  }

  /** Returns the topic `cls` is written under, or `undefined` if it is not registered. */
  topicOf(cls: object): string | undefined {
    return this.#topics.get(cls)
  }

  /** How many topics are registered (with {@link TopicRegistry.generation}, tells whether the registry changed). */
  get size(): number {
    return this.#classes.size
  }

  /** Tells whether a class is registered under `topic`. */
  has(topic: string): boolean {
    return this.#classes.has(topic)
  }

  /** The registered topics, in registration order. */
  get topics(): string[] {
    return [...this.#classes.keys()]
  }

  /**
   * Forgets every registered class. Classes defined before the reset register again when next used;
   * call it before redefining classes under the same names (a tutorial page run again, a test suite).
   */
  reset(): void {
    this.#classes.clear()
    this.#topics = new WeakMap()
    this.#generation++
  }
}

/** The registry the library uses to store and find aggregate and event classes. */
export const registry = new TopicRegistry()

/**
 * Registers `cls` under `topic` in the library's registry and makes it the topic the class is written
 * under, even if the class was registered under another topic before (which stays a name to read by).
 */
export function registerOwnTopic(topic: string, cls: object): void {
  claimTopic(registry, topic, cls)
}

const STABLE_NAME = /^[A-Z][A-Za-z0-9_]{2,}$/

/**
 * Returns a class's own explicit `topic`, or its name if the name looks like one a person wrote.
 *
 * @throws {@link ProgrammingError} if the class has no explicit topic and its name is empty or looks
 *   minified (shorter than three characters, not starting with a capital letter, or containing `$`).
 */
export function stableNameOf(
  cls: { name: string },
  explicitTopic: unknown,
  what: string,
  fix = "static topic = 'Dog'",
): string {
  if (explicitTopic !== undefined) {
    if (typeof explicitTopic !== 'string' || explicitTopic.trim() === '') {
      throw new ProgrammingError(
        `The explicit name of ${what} must be a non-empty string, but it is ${JSON.stringify(explicitTopic)}.`,
      )
    }
    return explicitTopic
  }
  const name = cls.name
  if (!STABLE_NAME.test(name)) {
    const shown = name === '' ? 'an anonymous class' : `the class name '${name}'`
    throw new ProgrammingError(
      `Cannot derive a stored name for ${what} from ${shown}: it looks minified or anonymous, and stored ` +
        `names must never change. Give the class a name of three or more characters that starts with a ` +
        `capital letter, or an explicit name: ${fix}.`,
    )
  }
  return name
}
