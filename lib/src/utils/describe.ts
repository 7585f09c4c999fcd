/**
 * Short, readable descriptions of arbitrary values for error messages ("the string 'roll over'",
 * "an array", "null"), so that a message can name the offending value without dumping it.
 */

const MAX_STRING = 40

/** Describes a value in a few words for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  switch (typeof value) {
    case 'string': {
      const shown = value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value
      return `the string ${JSON.stringify(shown)}`
    }
    case 'number':
    case 'bigint':
    case 'boolean':
      return `the ${typeof value} ${String(value)}`
    case 'symbol':
      return `the symbol ${value.description ?? ''}`
    case 'function':
      return value.name ? `the function ${value.name}` : 'an anonymous function'
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`
  if (value instanceof Date) return `the Date ${isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()}`
  const constructorName = (value as object).constructor?.name
  if (!constructorName || constructorName === 'Object') return 'a plain object'
  return `an instance of ${constructorName}`
}

/** Tells whether a value is a plain object: made by `{}` or `Object.create(null)`. */
export function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
