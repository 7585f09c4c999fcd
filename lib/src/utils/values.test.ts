import { describe, expect, it } from 'vitest'
import { cloneValue, deepEqual } from './values.js'

describe('deepEqual', () => {
  it('compares Set members and Map keys that are objects by structure, each matched once', () => {
    expect(deepEqual(new Set([[1], [2]]), new Set([[2], [1]]))).toBe(true)
    expect(deepEqual(new Set([[1], [1]]), new Set([[1], [2]]))).toBe(false)
    expect(deepEqual(new Map([[[1], 'a']]), new Map([[[1], 'a']]))).toBe(true)
    expect(deepEqual(new Map([[[1], 'a']]), new Map([[[1], 'b']]))).toBe(false)
    expect(deepEqual(new Set(['a', 1]), new Set([1, 'a']))).toBe(true)
  })
})

describe('cloneValue', () => {
  it('copies an own "__proto__" key as a property, never as the prototype', () => {
    const copy = cloneValue(JSON.parse('{"__proto__":{"x":1},"y":2}') as Record<string, unknown>)
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype)
    expect(Object.hasOwn(copy, '__proto__')).toBe(true)
    expect(copy.y).toBe(2)
  })

  it('copies byte arrays and keeps symbol keys, so that the transcoder can refuse them', () => {
    const bytes = new Uint8Array([1])
    expect(cloneValue(bytes)).not.toBe(bytes)
    const key = Symbol('k')
    expect(Object.getOwnPropertySymbols(cloneValue({ [key]: 1 }))).toEqual([key])
  })
})
