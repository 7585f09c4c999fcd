/**
 * Configuration as string settings, looked up with the application's name as a prefix first
 * (`DOGSCHOOL_SQLITE_DBNAME` before `SQLITE_DBNAME`), so that applications sharing one process
 * environment can each have their own settings.
 */
import { ProgrammingError } from './errors.js'
import { describeValue, isPlainObject } from './describe.js'

/** String settings by name; `undefined` values count as unset. */
export type EnvironmentValues = Readonly<Record<string, string | undefined>>

/** An application's settings. */
export class Environment {
  /** The name whose upper-cased form prefixes settings (the application's name). */
  readonly name: string
  readonly #values: EnvironmentValues

  constructor(name: string, values: EnvironmentValues = {}) {
    if (!isPlainObject(values)) {
      throw new ProgrammingError(`An environment's values must be a plain object, but were ${describeValue(values)}.`)
    }
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && typeof value !== 'string') {
        throw new ProgrammingError(
          `The setting ${key} must be a string, but is ${describeValue(value)}. Settings are strings, as in ` +
            `process.env: write ${key}: '${String(value)}'.`,
        )
      }
    }
    this.name = name
    this.#values = values
  }

  /** Returns the setting `NAME_KEY` if set, else `KEY`, else `defaultValue`. */
  get(key: string, defaultValue?: string): string | undefined {
    const prefixed = `${this.name.toUpperCase()}_${key}`
    return this.#values[prefixed] ?? this.#values[key] ?? defaultValue
  }

  /** Returns every setting, unprefixed and prefixed alike. */
  toObject(): Record<string, string | undefined> {
    return { ...this.#values }
  }
}

/** Returns `process.env` where there is one (Node), or an empty object (browsers, workers). */
export function processEnvironment(): EnvironmentValues {
  const process = (globalThis as { process?: { env?: EnvironmentValues } }).process
  return process?.env ?? {}
}
