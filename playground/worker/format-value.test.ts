/** `formatValue` prints what Node's `util.inspect` prints, so the page shows what a reader's Node project shows. */
import { inspect, format } from 'node:util'
import { describe, expect, it } from 'vitest'
import { formatArgs, formatValue } from './format-value'

class Dog {
  name = 'Fido'
  tricks = ['roll over', 'fetch ball']
  born = new Date(Date.UTC(2024, 0, 2, 3, 4, 5))
}
class Puppy extends Dog {}
const circular: Record<string, unknown> = { name: 'loop' }
circular['self'] = circular

const values: Array<[string, unknown]> = [
  ['a string', 'Fido'],
  ['a string with a quote', "it's"],
  ['numbers', [0, -0, 1.5, NaN, Infinity]],
  ['a bigint and a symbol', [10n, Symbol('id')]],
  ['null and undefined', [null, undefined]],
  ['an empty object and array', [{}, []]],
  ['a nested object', { a: { b: { c: { d: 1 } } } }],
  ['a class instance', new Dog()],
  ['a subclass instance', new Puppy()],
  ['a null-prototype object', Object.assign(Object.create(null) as object, { a: 1 })],
  ['a long array', Array.from({ length: 30 }, (_, i) => i * 3)],
  ['an array of strings', ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta']],
  ['more than 100 items', Array.from({ length: 120 }, (_, i) => i)],
  ['a sparse array', [1, , 3]], // eslint-disable-line no-sparse-arrays
  [
    'a Map and a Set',
    [
      new Map<unknown, unknown>([
        ['a', 1],
        [{ k: 1 }, [2]],
      ]),
      new Set([1, 'two']),
    ],
  ],
  ['an empty Map', new Map()],
  ['a Date', new Date(Date.UTC(2020, 1, 3))],
  ['a RegExp', /dog+/gi],
  ['functions and classes', [function named() {}, () => {}, Dog, Puppy, async function run() {}]],
  ['a typed array', new Uint8Array([1, 2, 3])],
  ['a circular object', circular],
  ['a wide object', { alpha: 'a'.repeat(20), beta: 'b'.repeat(20), gamma: 'c'.repeat(20), delta: 'd'.repeat(20) }],
  ['an object with odd keys', { 'a-b': 1, [Symbol('s')]: 2, 3: 'three' }],
]

describe('formatValue', () => {
  for (const [name, value] of values) {
    it(`prints ${name} as util.inspect does`, () => {
      expect(formatValue(value)).toBe(inspect(value))
    })
  }

  it('prints an error as its stack, through the stack formatter', () => {
    const error = new TypeError('bad')
    expect(formatValue(error, { formatStack: (e) => `${e.name}: ${e.message}\n    at this block:1:1` })).toBe(
      'TypeError: bad\n    at this block:1:1',
    )
  })
})

describe('formatArgs', () => {
  const cases: unknown[][] = [
    ['plain text', 1, 'two', { three: 3 }],
    ['%s is %d years old', 'Fido', 3],
    ['%i%% done, %j', 42.9, { a: 1 }],
    ['%O and %O', [1], { b: 2 }],
    ['no specifiers', '%s'],
  ]
  for (const args of cases) {
    it(`formats ${JSON.stringify(args[0])} as util.format does`, () => {
      expect(formatArgs(args)).toBe(format(...args))
    })
  }
})
