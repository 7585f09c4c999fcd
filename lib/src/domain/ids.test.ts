import { describe, expect, it } from 'vitest'
import { canonicalUuid, isUuid, NAMESPACE_URL, uuid4, uuid5 } from './ids.js'

describe('ids', () => {
  it('uuid4 makes distinct version 4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 100 }, uuid4))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('uuid5 of the URL namespace matches the Python library', () => {
    expect(uuid5(NAMESPACE_URL, '/dogs/Fido')).toBe('1e1d7398-8986-57af-bb01-11a89b2f8b02')
  })

  it('isUuid accepts canonical UUIDs in either case and refuses anything else', () => {
    expect(isUuid('1e1d7398-8986-57af-bb01-11a89b2f8b02')).toBe(true)
    expect(isUuid('1E1D7398-8986-57AF-BB01-11A89B2F8B02')).toBe(true)
    expect(isUuid('1e1d7398-8986-57af-bb01-11a89b2f8b0')).toBe(false)
    expect(isUuid('1e1d7398-8986-57af-bb01-11a89b2f8b0g')).toBe(false)
    expect(isUuid('1e1d7398x8986-57af-bb01-11a89b2f8b02')).toBe(false)
    expect(isUuid('1e1d73988-986-57af-bb01-11a89b2f8b02')).toBe(false)
    expect(isUuid(42)).toBe(false)
    expect(isUuid(undefined)).toBe(false)
  })

  it('canonicalUuid gives one spelling, in lower case, for every spelling of a UUID', () => {
    expect(canonicalUuid('1E1D7398-8986-57AF-BB01-11A89B2F8B02')).toBe('1e1d7398-8986-57af-bb01-11a89b2f8b02')
    expect(canonicalUuid('1e1d7398-8986-57Af-bb01-11a89b2f8b02')).toBe('1e1d7398-8986-57af-bb01-11a89b2f8b02')
    expect(canonicalUuid('1e1d7398-8986-57af-bb01-11a89b2f8b02')).toBe('1e1d7398-8986-57af-bb01-11a89b2f8b02')
    expect(canonicalUuid('fido')).toBeUndefined()
  })
})
