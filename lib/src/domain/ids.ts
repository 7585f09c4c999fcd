import { v4, v5 } from 'uuid'

/**
 * The RFC 4122 URL namespace. `uuid5(NAMESPACE_URL, '/dogs/Fido')` gives the same id as Python's
 * `uuid5(NAMESPACE_URL, '/dogs/Fido')`, so both libraries can address the same aggregates.
 */
export const NAMESPACE_URL = v5.URL

/** Returns a new random (version 4) UUID string. */
export function uuid4(): string {
  return v4()
}

/**
 * Returns the name-based (version 5, SHA-1) UUID of `name` in `namespace`: the same name always
 * gives the same id.
 *
 * @example
 * ```ts
 * uuid5(NAMESPACE_URL, '/dogs/Fido') // '1e1d7398-8986-57af-bb01-11a89b2f8b02'
 * ```
 */
export function uuid5(namespace: string, name: string): string {
  return v5(name, namespace)
}

/** Tells whether a value is a UUID string in the canonical 8-4-4-4-12 hexadecimal form. */
export function isUuid(value: unknown): value is string {
  return uuidCase(value) !== undefined
}

/**
 * Returns a UUID string in its canonical lower-case form, or `undefined` if the value is not a UUID string:
 * `'1E1D7398-…'` and `'1e1d7398-…'` are one id, as Python's UUID objects with those spellings are equal.
 */
export function canonicalUuid(value: unknown): string | undefined {
  const letters = uuidCase(value)
  // Most ids are already lower case; only those with a capital letter are copied.
  if (letters === undefined) return undefined
  return letters === 'upper' ? (value as string).toLowerCase() : (value as string)
}

/**
 * Checks a UUID string in one pass (ids are checked on every repository read; a character loop is several
 * times faster than a regex): `undefined` if the value is not one, else whether it has a capital letter.
 */
function uuidCase(value: unknown): 'lower' | 'upper' | undefined {
  if (typeof value !== 'string' || value.length !== 36) return undefined
  let letters: 'lower' | 'upper' = 'lower'
  for (let index = 0; index < 36; index++) {
    const code = value.charCodeAt(index)
    if (index === 8 || index === 13 || index === 18 || index === 23) {
      if (code !== 45) return undefined
    } else if (code >= 65 && code <= 70) {
      letters = 'upper'
    } else if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) {
      return undefined
    }
  }
  return letters
}
