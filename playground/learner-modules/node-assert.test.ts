/** The playground's `node:assert/strict` agrees with Node's on what passes and what fails. */
import nodeAssert from 'node:assert/strict'
import { describe, expect, it } from 'vitest'
import assert, { AssertionError } from './node-assert'

class Dog {
  constructor(
    public name: string,
    public born: Date,
  ) {}
}

const pairs: Array<[string, unknown, unknown]> = [
  ['equal primitives', 1, 1],
  ['different primitives', 1, '1'],
  ['NaN', NaN, NaN],
  ['zero and minus zero', 0, -0],
  ['equal arrays', [1, [2, 3]], [1, [2, 3]]],
  ['arrays of different length', [1], [1, undefined]],
  ['equal instances', new Dog('Fido', new Date(1)), new Dog('Fido', new Date(1))],
  ['instances with different dates', new Dog('Fido', new Date(1)), new Dog('Fido', new Date(2))],
  ['an instance and a plain object', new Dog('Fido', new Date(1)), { name: 'Fido', born: new Date(1) }],
  ['equal Maps', new Map([['a', { b: 1 }]]), new Map([['a', { b: 1 }]])],
  ['different Sets', new Set([1, 2]), new Set([1, 3])],
  ['typed arrays', new Uint8Array([1, 2]), new Uint8Array([1, 2])],
  ['objects with a missing key', { a: 1, b: undefined }, { a: 1 }],
]

function outcome(fn: () => void): string {
  try {
    fn()
    return 'pass'
  } catch (error) {
    return (error as Error).name
  }
}

describe('assert', () => {
  for (const [name, actual, expected] of pairs) {
    it(`decides deepEqual, equal and notDeepEqual on ${name} as Node does`, () => {
      for (const method of [
        'deepEqual',
        'deepStrictEqual',
        'equal',
        'strictEqual',
        'notDeepEqual',
        'notEqual',
      ] as const) {
        expect(
          outcome(() => assert[method](actual, expected)),
          method,
        ).toBe(outcome(() => nodeAssert[method](actual, expected)))
      }
    })
  }

  it('throws an AssertionError showing actual and expected', () => {
    expect(() => assert.equal('Fido', 'Rex')).toThrow(AssertionError)
    expect(() => assert.equal('Fido', 'Rex')).toThrow("Expected values to be strictly equal:\n\n'Fido' !== 'Rex'\n")
    expect(() => assert.deepEqual({ tricks: ['sit'] }, { tricks: [] })).toThrow(/\+ actual - expected/)
  })

  it('is callable, has ok, match and fail, and uses a given message', () => {
    expect(() => assert(0)).toThrow(/falsy value: 0/)
    expect(() => assert.ok('')).toThrow(AssertionError)
    expect(() => assert.match('abc', /x/)).toThrow(/did not match the regular expression \/x\//)
    expect(() => assert.fail('nope')).toThrow('nope')
    expect(() => assert.equal(1, 2, 'custom')).toThrow('custom')
  })

  it('checks what throws and rejects throw, as Node does', async () => {
    const thrower = () => {
      throw new TypeError('bad dog')
    }
    for (const expected of [TypeError, RangeError, /bad/, /good/, { message: 'bad dog' }, { name: 'Error' }]) {
      expect(outcome(() => assert.throws(thrower, expected as never))).toBe(
        outcome(() => nodeAssert.throws(thrower, expected as never)),
      )
    }
    expect(outcome(() => assert.throws(() => {}))).toBe('AssertionError')
    await assert.rejects(Promise.reject(new Error('x')), /x/)
    await expect(assert.rejects(Promise.resolve(1))).rejects.toThrow('Missing expected rejection.')
  })
})
