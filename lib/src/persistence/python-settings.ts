/**
 * The settings that make an application share its database with the Python `eventsourcing` library (9.x),
 * and the map between Python's topics (`dogschool:Dog.TrickAdded`, a module and a qualified class name) and
 * this library's (`Dog.TrickAdded`). They are settings, like `PERSISTENCE_MODULE`, so that one application
 * class can run on its own store or on a Python one without a code change; the stores' `PythonFactory`
 * classes read them.
 */
import { DataError } from './errors.js'
import type { Environment } from '../utils/environment.js'
import { ProgrammingError } from '../utils/errors.js'
import { canonicalUuid, registry } from '../domain/index.js'

/**
 * The setting that chooses how events are stored: `'python'` for the tables, ids, topics, JSON, cipher and
 * compressor of the Python library 9.x; unset (or `'typescript'`) for this library's own format.
 * @default unset: this library's own format
 */
export const STORAGE_FORMAT = 'STORAGE_FORMAT'
/**
 * The setting that names the Python module of the shared classes, such as `'dogschool'`: with it, the
 * Python topic `dogschool:Dog.TrickAdded` stands for the topic `Dog.TrickAdded`, and the other way round.
 */
export const PYTHON_TOPIC_MODULE = 'PYTHON_TOPIC_MODULE'
/**
 * The setting that maps Python topics to this library's topics one by one, for classes whose names or
 * modules differ: comma-separated pairs such as `'school.dogs:Dog=Dog, school.dogs:Dog.Added=Dog.TrickAdded'`.
 * It takes precedence over {@link PYTHON_TOPIC_MODULE}.
 */
export const PYTHON_TOPICS = 'PYTHON_TOPICS'

const FORMATS = new Set(['python', 'typescript'])

/**
 * Tells whether the settings choose the Python library's storage format.
 *
 * @throws {@link ProgrammingError} if `STORAGE_FORMAT` is set to something other than `python` or `typescript`.
 */
export function isPythonFormat(env: Environment): boolean {
  const value = env.get(STORAGE_FORMAT)?.trim().toLowerCase()
  if (value === undefined || value === '') return false
  if (!FORMATS.has(value)) {
    throw new ProgrammingError(
      `The setting ${STORAGE_FORMAT}=${JSON.stringify(env.get(STORAGE_FORMAT))} is not a storage format: use ` +
        `'python' to share the database with the Python eventsourcing library, or leave it unset.`,
    )
  }
  return value === 'python'
}

/** Where a stored record sits, for the messages of {@link PythonTopics.resolve}. */
export interface RecordPlace {
  /** The table the record is in. */
  table: string
  /** Its notification id, when the read knows it. */
  notificationId?: number | undefined
  /** Its originator id. */
  originatorId: string
  /** Its originator version. */
  originatorVersion: number
}

/** Options of {@link PythonTopics}. */
export interface PythonTopicsOptions {
  /** The Python module of the shared classes (`'dogschool'`, `'__main__'`). @default undefined */
  module?: string | undefined
  /** Python topics and the topics they stand for here, checked before `module`. @default {} */
  topics?: Readonly<Record<string, string>> | undefined
}

/**
 * Maps the Python library's topics to this library's topics and back: a Python topic is the module, a colon
 * and the class's qualified name (`dogschool:Dog.TrickAdded`); this library's is the qualified name alone.
 *
 * @example
 * ```ts
 * const topics = new PythonTopics({ module: 'dogschool' })
 * topics.toPython('Dog.TrickAdded') // 'dogschool:Dog.TrickAdded'
 * ```
 */
export class PythonTopics {
  /** The Python module of the shared classes, if set. */
  readonly module: string | undefined
  readonly #toOurs = new Map<string, string>()
  readonly #toPython = new Map<string, string>()

  /** @throws {@link ProgrammingError} if a Python topic has no colon, or two Python topics map to one topic. */
  constructor(options: PythonTopicsOptions = {}) {
    this.module = options.module?.trim() || undefined
    if (this.module !== undefined && this.module.includes(':')) {
      throw new ProgrammingError(
        `The Python module of the shared classes is ${JSON.stringify(this.module)}, which has a colon: give the ` +
          `module's dotted name alone, such as ${PYTHON_TOPIC_MODULE}=dogschool.`,
      )
    }
    for (const [python, ours] of Object.entries(options.topics ?? {})) {
      if (!python.includes(':') || ours.trim() === '') {
        throw new ProgrammingError(
          `The Python topic map pairs ${JSON.stringify(python)} with ${JSON.stringify(ours)}: a Python topic is ` +
            `a module, a colon and a class name (dogschool:Dog.TrickAdded), and it needs a topic of this ` +
            `library (Dog.TrickAdded).`,
        )
      }
      if (this.#toPython.has(ours)) {
        throw new ProgrammingError(
          `The Python topic map gives the topic '${ours}' two Python topics ('${this.#toPython.get(ours)}' and ` +
            `'${python}'): events of one class are written under one topic.`,
        )
      }
      this.#toOurs.set(python, ours)
      this.#toPython.set(ours, python)
    }
  }

  /**
   * Reads the map from the settings `PYTHON_TOPIC_MODULE` and `PYTHON_TOPICS`.
   *
   * @throws {@link ProgrammingError} if `PYTHON_TOPICS` is not a list of `python=ours` pairs.
   */
  static fromSettings(env: Environment): PythonTopics {
    const topics: Record<string, string> = {}
    for (const pair of (env.get(PYTHON_TOPICS) ?? '').split(',')) {
      if (pair.trim() === '') continue
      const parts = pair.split('=')
      if (parts.length !== 2) {
        throw new ProgrammingError(
          `The setting ${PYTHON_TOPICS} has ${JSON.stringify(pair.trim())}, which is not a pair: write ` +
            `comma-separated pairs of a Python topic and a topic of this library, such as ` +
            `${PYTHON_TOPICS}='dogschool:Dog.Registered=Dog.Registered'.`,
        )
      }
      topics[parts[0]!.trim()] = parts[1]!.trim()
    }
    return new PythonTopics({ module: env.get(PYTHON_TOPIC_MODULE), topics })
  }

  /**
   * Returns the Python topic a class of this library is written under.
   *
   * @throws {@link ProgrammingError} if neither the map nor the module gives one.
   */
  toPython(topic: string): string {
    const mapped = this.#toPython.get(topic)
    if (mapped !== undefined) return mapped
    if (this.module !== undefined) return `${this.module}:${topic}`
    throw new ProgrammingError(
      `The topic '${topic}' has no Python topic, so its events cannot be stored for Python. Name the Python ` +
        `module of the shared classes (${PYTHON_TOPIC_MODULE}=dogschool) or map the topic (${PYTHON_TOPICS}=` +
        `'dogschool:${topic}=${topic}').`,
    )
  }

  /** Returns the topic of this library a Python topic stands for, or `undefined` if it stands for none. */
  toOurs(pythonTopic: string): string | undefined {
    const mapped = this.#toOurs.get(pythonTopic)
    if (mapped !== undefined) return mapped
    if (this.module !== undefined && pythonTopic.startsWith(`${this.module}:`)) {
      return pythonTopic.slice(this.module.length + 1)
    }
    return undefined
  }

  /**
   * Returns the topic of this library that a stored record's Python topic stands for, checking that a class
   * is registered under it, so that a record is either read whole or refused.
   *
   * @throws {@link DataError} naming the record, its topic and what is missing: the topic is not a Python
   *   topic, it maps to no topic here, or no class is registered under the topic it maps to.
   */
  resolve(pythonTopic: string, place: RecordPlace): string {
    const where =
      (place.notificationId === undefined ? 'The event' : `The event with notification id ${place.notificationId}`) +
      ` in ${place.table} (aggregate ${place.originatorId}, version ${place.originatorVersion})`
    if (!pythonTopic.includes(':')) {
      throw new DataError(
        `${where} has the topic '${pythonTopic}', which has no module part, so Python did not write it: the ` +
          `table holds this library's own format. Leave ${STORAGE_FORMAT} unset to read it.`,
      )
    }
    const ours = this.toOurs(pythonTopic)
    if (ours === undefined) {
      const module = this.module === undefined ? `${PYTHON_TOPIC_MODULE} is not set` : `it is not in ${this.module}`
      throw new DataError(
        `${where} has the Python topic '${pythonTopic}', which stands for no class here (${module}, and ` +
          `${PYTHON_TOPICS} does not map it). Map it, such as ${PYTHON_TOPICS}='${pythonTopic}=` +
          `${pythonTopic.slice(pythonTopic.indexOf(':') + 1)}'.`,
      )
    }
    if (!registry.has(ours)) {
      throw new DataError(
        `${where} has the Python topic '${pythonTopic}', which stands for the topic '${ours}', but no class is ` +
          `registered under it. Define the class (an event of an aggregate decorated with @event), or import ` +
          `the module that defines it, before reading.`,
      )
    }
    return ours
  }
}

/**
 * Returns a UUID string as the 32 hexadecimal digits the Python library's SQLite store writes.
 *
 * @throws {@link ProgrammingError} if the id is not a UUID (the Python library's ids are UUIDs).
 */
export function uuidToHex(id: string): string {
  const canonical = canonicalUuid(id)
  if (canonical === undefined) {
    throw new ProgrammingError(
      `The aggregate id ${JSON.stringify(id)} is not a UUID, but the Python library's tables hold UUIDs only: ` +
        `give aggregates shared with Python UUID ids (uuid4() or uuid5()).`,
    )
  }
  return canonical.replaceAll('-', '')
}

/** Returns 32 hexadecimal digits (as Python's SQLite store writes ids) as a canonical UUID string, or `undefined`. */
export function hexToUuid(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined
  const lower = hex.toLowerCase()
  return `${lower.slice(0, 8)}-${lower.slice(8, 12)}-${lower.slice(12, 16)}-${lower.slice(16, 20)}-${lower.slice(20)}`
}
