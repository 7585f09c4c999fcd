/**
 * Copying, freezing and comparing the plain data that events carry (primitives, arrays, plain
 * objects, Dates, Maps, Sets, Uint8Arrays and instances of registered value types). Events are frozen, so
 * an aggregate that keeps an array it was given must get its own copy; these helpers do that cheaply,
 * skipping the work entirely for primitive values.
 *
 * Instances of other classes (value types with a registered transcoding, say) are neither copied nor
 * frozen: the library cannot copy them faithfully, and freezing them would freeze objects the caller owns.
 * They are shared by reference, as in Python: treat them as immutable values.
 */

/**
 * Freezes a value and everything reachable from it through arrays, plain objects, Maps and Sets, and the
 * Dates among them. Instances of other classes and byte arrays (which cannot be frozen) are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  if (Array.isArray(value)) {
    Object.freeze(value)
    for (const item of value) deepFreeze(item)
  } else if (value instanceof Map) {
    Object.freeze(value)
    for (const [key, item] of value) {
      deepFreeze(key)
      deepFreeze(item)
    }
  } else if (value instanceof Set) {
    Object.freeze(value)
    for (const item of value) deepFreeze(item)
  } else if (value instanceof Date) {
    Object.freeze(value)
  } else if (isPlainRecord(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

/**
 * Returns a deep copy of arrays, plain objects, Dates, Maps, Sets and Uint8Arrays; other values are returned
 * as they are.
 */
export function cloneValue<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(cloneValue) as T
  if (value instanceof Date) return new Date(value.getTime()) as T
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [cloneValue(k), cloneValue(v)])) as T
  if (value instanceof Set) return new Set([...value].map(cloneValue)) as T
  if (value instanceof Uint8Array && value.constructor === Uint8Array) return value.slice() as T
  if (!isPlainRecord(value)) return value
  const copy: Record<PropertyKey, unknown> = {}
  for (const key of Object.keys(value)) {
    const item = cloneValue((value as Record<string, unknown>)[key])
    // An assignment to "__proto__" would set the copy's prototype instead of copying the property.
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true })
    else copy[key] = item
  }
  // Symbol keys are copied too, so that the transcoder sees them and refuses them, rather than losing them here.
  for (const key of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, key))
      copy[key] = cloneValue((value as Record<symbol, unknown>)[key])
  }
  return copy as T
}

function isPlainRecord(value: object): boolean {
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * Compares two values structurally: same prototype, same own enumerable properties, recursively;
 * Dates by time, Maps and Sets by content.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Date) return a.getTime() === (b as Date).getTime()
  if (Array.isArray(a)) {
    const other = b as unknown[]
    return a.length === other.length && a.every((item, index) => deepEqual(item, other[index]))
  }
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>
    if (a.size !== other.size) return false
    const matched = new Set<unknown>()
    for (const [key, item] of a) {
      const otherKey = other.has(key) ? key : findEqual(other.keys(), key, matched)
      if (otherKey === NOT_FOUND || !deepEqual(item, other.get(otherKey))) return false
    }
    return true
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>
    if (a.size !== other.size) return false
    const matched = new Set<unknown>()
    for (const item of a) if (!other.has(item) && findEqual(other, item, matched) === NOT_FOUND) return false
    return true
  }
  const keysA = Object.keys(a)
  const keysB = Object.keys(b)
  if (keysA.length !== keysB.length) return false
  return keysA.every(
    (key) =>
      Object.prototype.hasOwnProperty.call(b, key) &&
      deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  )
}

const NOT_FOUND = Symbol('not found')

/**
 * Finds a member equal to `wanted` by structure, and not matched before: members that are objects (a rebuilt
 * copy's arrays, say) are never the same objects as the original's. Primitive members were looked up by `has`.
 */
function findEqual(members: Iterable<unknown>, wanted: unknown, matched: Set<unknown>): unknown {
  if (typeof wanted !== 'object' || wanted === null) return NOT_FOUND
  for (const member of members) {
    if (!matched.has(member) && typeof member === 'object' && deepEqual(member, wanted)) {
      matched.add(member)
      return member
    }
  }
  return NOT_FOUND
}
