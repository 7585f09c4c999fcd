/** `toJsonData` turns what a program holds into bounded JSON data for the event explorer, as `JSON.stringify` would. */
import { describe, expect, it } from 'vitest'
import { toJsonData, type JsonLimits } from './json-data'

describe('toJsonData', () => {
  it('keeps JSON values as they are', () => {
    const value = { name: 'Fido', tricks: ['roll over'], age: 3, good: true, owner: null, nested: { a: [1, { b: 2 }] } }
    expect(toJsonData(value)).toEqual(value)
  })

  it('follows JSON.stringify for dates and undefined', () => {
    // Given a date, undefined properties and undefined array items
    const born = new Date(Date.UTC(2024, 0, 2, 3, 4, 5))
    // When converted / Then the result is what JSON.stringify gives
    expect(toJsonData({ born, owner: undefined, list: [undefined, 1] })).toEqual({
      born: '2024-01-02T03:04:05.000Z',
      list: [null, 1],
    })
    expect(toJsonData(undefined)).toBeNull()
  })

  it('names the values JSON cannot hold', () => {
    class Dog {}
    function bark() {}
    expect(toJsonData([10n, Symbol('id'), NaN, -Infinity, -0, bark, Dog, new Uint8Array(3), new Date(NaN)])).toEqual([
      '10n',
      'Symbol(id)',
      'NaN',
      '-Infinity',
      0,
      '[Function bark]',
      '[class Dog]',
      'Uint8Array(3 bytes)',
      'Invalid Date',
    ])
  })

  it('turns Maps into objects, Sets into arrays, errors into name and message', () => {
    expect(
      toJsonData({
        map: new Map<unknown, unknown>([
          ['a', 1],
          [2, 'two'],
        ]),
        set: new Set(['x', 'y']),
        error: new RangeError('too far'),
      }),
    ).toEqual({ map: { a: 1, '2': 'two' }, set: ['x', 'y'], error: { name: 'RangeError', message: 'too far' } })
  })

  it('marks circular references, and keeps an object seen twice without a cycle', () => {
    const shared = { n: 1 }
    const loop: Record<string, unknown> = { name: 'loop', shared, again: shared }
    loop['self'] = loop
    expect(toJsonData(loop)).toEqual({ name: 'loop', shared: { n: 1 }, again: { n: 1 }, self: '[Circular]' })
  })

  it('cuts long strings, long lists, many properties and deep nesting, and says so', () => {
    const limits: JsonLimits = { depth: 2, items: 3, stringLength: 5, values: 100 }
    expect(toJsonData('abcdefgh', limits)).toBe('abcde…')
    expect(toJsonData([1, 2, 3, 4, 5], limits)).toEqual([1, 2, 3, '… 2 more'])
    expect(toJsonData({ a: 1, b: 2, c: 3, d: 4 }, limits)).toEqual({ a: 1, b: 2, c: 3, '…': '1 more' })
    expect(toJsonData({ a: { b: { c: 1 } }, list: [[1]] }, limits)).toEqual({ a: { b: '[Object]' }, list: ['[Array]'] })
  })

  it('keeps a number of values in all (arrays and objects count), however they nest', () => {
    const grid = Array.from({ length: 3 }, () => [1, 2, 3])
    expect(toJsonData(grid, { depth: 6, items: 50, stringLength: 200, values: 7 })).toEqual([
      [1, 2, 3],
      [1, '…', '…'],
      '…',
    ])
  })

  it('reports a getter that throws instead of throwing', () => {
    const value = {
      get broken(): never {
        throw new Error('no')
      },
    }
    expect(toJsonData(value)).toEqual({ broken: '[Error: no]' })
  })
})
