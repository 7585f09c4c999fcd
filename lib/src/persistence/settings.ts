/**
 * Reading the string settings that stores share (`CREATE_TABLE`, timeouts, pool sizes) and naming an
 * application's tables, so that every store parses a setting the same way and rejects a bad value with
 * the same message.
 */
import type { Environment } from '../utils/environment.js'
import { ProgrammingError } from '../utils/errors.js'

/** The setting that turns off creating tables on first use (`'n'`, `'no'`, `'false'`, `'off'`, `'0'`). */
export const CREATE_TABLE = 'CREATE_TABLE'

const TRUE_WORDS = new Set(['y', 'yes', 't', 'true', 'on', '1'])
const FALSE_WORDS = new Set(['n', 'no', 'f', 'false', 'off', '0'])

/**
 * Returns a yes/no setting, or `defaultValue` when it is unset or empty.
 *
 * @throws {@link ProgrammingError} if the value is not one of y, yes, t, true, on, 1, n, no, f, false, off, 0.
 */
export function readBooleanSetting(env: Environment, key: string, defaultValue: boolean): boolean {
  const value = env.get(key)?.trim().toLowerCase()
  if (value === undefined || value === '') return defaultValue
  if (TRUE_WORDS.has(value)) return true
  if (FALSE_WORDS.has(value)) return false
  throw new ProgrammingError(
    `The setting ${key}=${JSON.stringify(env.get(key))} is not a yes/no value: use 'y' or 'n' ` +
      `(also yes, true, on, 1 or no, false, off, 0).`,
  )
}

/** What a number setting may be, for {@link readNumberSetting}. */
export interface NumberRule {
  /** The smallest value allowed. */
  min: number
  /** The largest value allowed. @default Infinity */
  max?: number
  /** Whether the value must be whole. @default false */
  integer?: boolean
  /** What the value is, for the error message, such as 'a time in seconds' or 'a TCP port'. */
  what: string
}

/**
 * Returns a number setting, or `defaultValue` when it is unset or empty.
 *
 * @throws {@link ProgrammingError} if the value is not a number, is out of range, or is not whole when
 *   the rule asks for a whole number.
 */
export function readNumberSetting(env: Environment, key: string, defaultValue: number, rule: NumberRule): number {
  const text = env.get(key)?.trim()
  if (text === undefined || text === '') return defaultValue
  const value = Number(text)
  const max = rule.max ?? Infinity
  if (!Number.isFinite(value) || value < rule.min || value > max || (rule.integer && !Number.isInteger(value))) {
    const kind = rule.integer ? 'a whole number' : 'a number'
    const range = max === Infinity ? `${rule.min} or more` : `from ${rule.min} to ${max}`
    throw new ProgrammingError(
      `The setting ${key}=${JSON.stringify(text)} must be ${rule.what} (${kind}, ${range}), such as ` +
        `${key}=${JSON.stringify(String(defaultValue))}.`,
    )
  }
  return value
}

/**
 * Returns a setting that has no default.
 *
 * @throws {@link ProgrammingError} if it is unset or empty; the message says what it is for.
 */
export function readRequiredSetting(env: Environment, key: string, purpose: string): string {
  const value = env.get(key)
  if (value === undefined || value.trim() === '') {
    const prefixed = `${env.name.toUpperCase()}_${key}`
    throw new ProgrammingError(
      `The setting ${key} is not set, but ${purpose}. Set ${key} (or ${prefixed} for this application ` +
        `only) in the application's env option or in process.env.`,
    )
  }
  return value
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/
/** PostgreSQL's limit on identifiers, in bytes; longer names would be cut short and could clash. */
const MAX_IDENTIFIER_LENGTH = 63

/**
 * Returns the name of one of an application's tables: its lower-cased name, an underscore and the
 * purpose (`dogschool_events`), as the Python library names them; `stored_…` for an unnamed one.
 *
 * @throws {@link ProgrammingError} if the name is not a plain SQL identifier of at most 63 characters.
 */
export function tableName(env: Environment, purpose: string): string {
  const name = `${env.name.toLowerCase() || 'stored'}_${purpose}`
  checkIdentifier(name, `the table name for the application ${JSON.stringify(env.name)}`)
  return name
}

/**
 * Checks that a name can be used unquoted in SQL.
 *
 * @throws {@link ProgrammingError} if it is not letters, digits and underscores starting with a letter or
 *   underscore, or is longer than 63 characters.
 */
export function checkIdentifier(name: string, what: string): void {
  if (!IDENTIFIER.test(name) || name.length > MAX_IDENTIFIER_LENGTH) {
    throw new ProgrammingError(
      `${what[0]!.toUpperCase()}${what.slice(1)} is ${JSON.stringify(name)}, which is not a plain SQL ` +
        `identifier: use lower-case letters, digits and underscores, starting with a letter, and at most ` +
        `${MAX_IDENTIFIER_LENGTH} characters (give the application a shorter or simpler name).`,
    )
  }
}
