// Worker.
/**
 * Turns any value a program holds (event fields, aggregate state) into bounded, JSON-safe data, so that the run's
 * worker can send it to the page and the event explorer can show it as JSON. Follows `JSON.stringify` where JSON
 * has an answer (dates become ISO strings, `undefined` properties are left out, `undefined` in arrays becomes
 * `null`) and names what JSON cannot hold (`"10n"`, `"[Function f]"`, `"[Circular]"`). Pure: shared with
 * `tutorial-tests`.
 */

import type { Json } from '../shared/explorer-data'

/** How much of a value is kept. */
export interface JsonLimits {
  /** Nesting levels kept; deeper objects and arrays become `"[Object]"` and `"[Array]"`. */
  depth: number
  /** Items kept per array, Map or Set, and properties per object. */
  items: number
  /** Characters kept per string. */
  stringLength: number
  /** Values kept in all; the values after them become `"…"`. */
  values: number
}

/** The limits of the event explorer's data (per event's fields, per aggregate state). */
export const JSON_LIMITS: JsonLimits = { depth: 6, items: 50, stringLength: 200, values: 500 }

/** The key of the note an object or a Map gets when some of its properties were left out. */
export const MORE_KEY = '…'

/** Converts `value` to JSON data within `limits`; never throws (a getter that throws gives `"[Error: …]"`). */
export function toJsonData(value: unknown, limits: JsonLimits = JSON_LIMITS): Json {
  const ancestors = new Set<object>()
  let values = 0

  const convert = (value: unknown, depth: number): Json | undefined => {
    if (value !== undefined && ++values > limits.values) return '…'
    switch (typeof value) {
      case 'string':
        return value.length > limits.stringLength ? `${value.slice(0, limits.stringLength)}…` : value
      case 'number':
        return Number.isFinite(value) ? value + 0 : String(value)
      case 'boolean':
        return value
      case 'bigint':
        return `${value}n`
      case 'symbol':
        return value.toString()
      case 'undefined':
        return undefined
      case 'function':
        return /^class\b/.test(Function.prototype.toString.call(value))
          ? `[class ${value.name || '(anonymous)'}]`
          : `[Function ${value.name || '(anonymous)'}]`
    }
    if (value === null) return null
    const object = value as object
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString()
    if (ancestors.has(object)) return '[Circular]'
    if (ArrayBuffer.isView(object)) return `${object.constructor.name}(${object.byteLength} bytes)`
    if (object instanceof Error) return { name: object.name, message: object.message }
    if (depth >= limits.depth) return Array.isArray(object) || object instanceof Set ? '[Array]' : '[Object]'
    ancestors.add(object)
    try {
      if (Array.isArray(object) || object instanceof Set) return list([...object], depth)
      if (object instanceof Map)
        return record(
          [...object].map(([k, v]) => [mapKey(k), v] as const),
          depth,
        )
      return record(
        Object.keys(object).map((key) => [key, read(object, key)] as const),
        depth,
      )
    } finally {
      ancestors.delete(object)
    }
  }

  const list = (items: unknown[], depth: number): Json[] => {
    const result = items.slice(0, limits.items).map((item) => convert(item, depth + 1) ?? null)
    if (items.length > limits.items) result.push(`… ${items.length - limits.items} more`)
    return result
  }

  const record = (entries: ReadonlyArray<readonly [string, unknown]>, depth: number): { [key: string]: Json } => {
    const result: { [key: string]: Json } = {}
    for (const [key, item] of entries.slice(0, limits.items)) {
      const converted = convert(item, depth + 1)
      if (converted !== undefined) result[key] = converted
    }
    if (entries.length > limits.items) result[MORE_KEY] = `${entries.length - limits.items} more`
    return result
  }

  const mapKey = (key: unknown): string => {
    if (typeof key === 'string') return key
    const converted = convert(key, limits.depth)
    return typeof converted === 'string' ? converted : JSON.stringify(converted ?? null)
  }

  return convert(value, 0) ?? null
}

function read(object: object, key: string): unknown {
  try {
    return (object as Record<string, unknown>)[key]
  } catch (error) {
    return `[Error: ${error instanceof Error ? error.message : String(error)}]`
  }
}
