// Worker.
/**
 * `node:assert/strict` for snippets: the same names, semantics and error class as Node's strict assert, so that a
 * snippet copied into a reader's own Node project behaves the same. The compiler maps the specifier
 * `node:assert/strict` to this module in the browser and in `tutorial-tests` alike. Failures throw an
 * `AssertionError` whose message shows the actual and expected values.
 */
import { formatValue } from '../worker/format-value'

/** What `throws` and `rejects` check a thrown value against. */
export type AssertPredicate =
  RegExp | (abstract new (...args: any[]) => unknown) | ((thrown: unknown) => boolean) | Record<string, unknown> | Error

/** The options of an `AssertionError`. */
export interface AssertionErrorOptions {
  message?: string
  actual?: unknown
  expected?: unknown
  operator?: string
}

/** Thrown by a failed assertion. `actual` and `expected` are the compared values. */
export class AssertionError extends Error {
  override name = 'AssertionError'
  readonly code = 'ERR_ASSERTION'
  readonly actual: unknown
  readonly expected: unknown
  readonly operator: string
  readonly generatedMessage: boolean

  constructor(options: AssertionErrorOptions) {
    super(options.message ?? 'Failed')
    this.actual = options.actual
    this.expected = options.expected
    this.operator = options.operator ?? 'fail'
    this.generatedMessage = options.message === undefined
  }
}

/** Whether a value is an `AssertionError` (checked by name too, since errors cross the worker boundary as data). */
export function isAssertionError(error: unknown): error is AssertionError {
  return error instanceof AssertionError || (error instanceof Error && error.name === 'AssertionError')
}

type Message = string | Error | undefined

function fail(message: Message, generated: () => string, details: Omit<AssertionErrorOptions, 'message'>): never {
  if (message instanceof Error) throw message
  throw new AssertionError({ ...details, message: message ?? generated() })
}

const inspect = (value: unknown): string => formatValue(value)

/** Throws unless `value` is truthy. */
export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) {
    fail(message, () => `The expression evaluated to a falsy value: ${inspect(value)}`, {
      actual: value,
      expected: true,
      operator: '==',
    })
  }
}

/** Throws unless `actual` and `expected` are the same value (`Object.is`). */
export function strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) {
    fail(message, () => `Expected values to be strictly equal:\n\n${inspect(actual)} !== ${inspect(expected)}\n`, {
      actual,
      expected,
      operator: 'strictEqual',
    })
  }
}

/** Throws if `actual` and `expected` are the same value (`Object.is`). */
export function notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) {
    fail(message, () => `Expected "actual" to be strictly unequal to: ${inspect(expected)}`, {
      actual,
      expected,
      operator: 'notStrictEqual',
    })
  }
}

/**
 * Throws unless `actual` and `expected` are deeply equal: same prototypes, same own enumerable properties
 * compared recursively, primitives compared with `Object.is`, Dates by time, Maps and Sets by entries.
 * Two aggregates rebuilt from the same events are deeply equal.
 */
export function deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!isDeepStrictEqual(actual, expected)) {
    fail(message, () => `Expected values to be strictly deep-equal:\n${diff(actual, expected)}`, {
      actual,
      expected,
      operator: 'deepStrictEqual',
    })
  }
}

/** Throws if `actual` and `expected` are deeply equal (see `deepStrictEqual`). */
export function notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (isDeepStrictEqual(actual, expected)) {
    fail(message, () => `Expected "actual" not to be strictly deep-equal to: ${inspect(expected)}`, {
      actual,
      expected,
      operator: 'notDeepStrictEqual',
    })
  }
}

/** Throws unless `value` matches `regExp`. */
export function match(value: string, regExp: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || !regExp.test(value)) {
    fail(message, () => `The input did not match the regular expression ${regExp}. Input:\n\n${inspect(value)}\n`, {
      actual: value,
      expected: regExp,
      operator: 'match',
    })
  }
}

/** Throws if `value` matches `regExp`. */
export function doesNotMatch(value: string, regExp: RegExp, message?: string | Error): void {
  if (typeof value !== 'string' || regExp.test(value)) {
    fail(
      message,
      () => `The input was expected to not match the regular expression ${regExp}. Input:\n\n${inspect(value)}\n`,
      {
        actual: value,
        expected: regExp,
        operator: 'doesNotMatch',
      },
    )
  }
}

/** Throws an `AssertionError` (or `message`, if it is an Error). */
export function failure(message?: string | Error): never {
  return fail(message, () => 'Failed', { operator: 'fail' })
}

/**
 * Calls `block` and throws unless it throws. When `error` is given, the thrown value must match it: a class
 * (instanceof), a RegExp (tested against `String(thrown)`), a validation function, or an object whose properties
 * the thrown value must have.
 */
export function throws(block: () => unknown, error?: AssertPredicate | string, message?: string | Error): void {
  const [expected, text] = typeof error === 'string' ? [undefined, error] : [error, message]
  try {
    block()
  } catch (thrown) {
    checkThrown(thrown, expected, text, 'throws')
    return
  }
  fail(text, () => `Missing expected exception${describeExpected(expected)}.`, { expected, operator: 'throws' })
}

/** Calls `block` and throws if it throws. */
export function doesNotThrow(block: () => unknown, message?: string | Error): void {
  try {
    block()
  } catch (thrown) {
    fail(message, () => `Got unwanted exception.\nActual message: "${(thrown as Error)?.message ?? thrown}"`, {
      actual: thrown,
      operator: 'doesNotThrow',
    })
  }
}

/** Awaits `block` (a promise, or a function returning one) and rejects unless it rejects; see `throws` for `error`. */
export async function rejects(
  block: (() => Promise<unknown>) | Promise<unknown>,
  error?: AssertPredicate | string,
  message?: string | Error,
): Promise<void> {
  const [expected, text] = typeof error === 'string' ? [undefined, error] : [error, message]
  try {
    await (typeof block === 'function' ? block() : block)
  } catch (thrown) {
    checkThrown(thrown, expected, text, 'rejects')
    return
  }
  fail(text, () => `Missing expected rejection${describeExpected(expected)}.`, { expected, operator: 'rejects' })
}

/** Awaits `block` and rejects if it rejects. */
export async function doesNotReject(
  block: (() => Promise<unknown>) | Promise<unknown>,
  message?: string | Error,
): Promise<void> {
  try {
    await (typeof block === 'function' ? block() : block)
  } catch (thrown) {
    fail(message, () => `Got unwanted rejection.\nActual message: "${(thrown as Error)?.message ?? thrown}"`, {
      actual: thrown,
      operator: 'doesNotReject',
    })
  }
}

function describeExpected(expected: AssertPredicate | undefined): string {
  return typeof expected === 'function' && expected.prototype !== undefined && expected.name
    ? ` (${expected.name})`
    : ''
}

function checkThrown(thrown: unknown, expected: AssertPredicate | undefined, message: Message, operator: string): void {
  if (expected === undefined) return
  if (expected instanceof RegExp) {
    if (expected.test(String(thrown))) return
    fail(
      message,
      () =>
        `The error message did not match the regular expression ${expected}. Input:\n\n${inspect(String(thrown))}\n`,
      {
        actual: thrown,
        expected,
        operator,
      },
    )
  }
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && thrown instanceof (expected as abstract new () => unknown)) return
    if (expected.prototype instanceof Error || expected === Error) {
      fail(
        message,
        () => `The error is expected to be an instance of "${expected.name}". Received ${inspect(thrown)}`,
        {
          actual: thrown,
          expected,
          operator,
        },
      )
    }
    if ((expected as (thrown: unknown) => unknown)(thrown) === true) return
    fail(message, () => `The validation function is expected to return "true". Received ${inspect(thrown)}`, {
      actual: thrown,
      expected,
      operator,
    })
  }
  for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
    const actual = (thrown as Record<string, unknown> | null)?.[key]
    const matches =
      value instanceof RegExp && typeof actual === 'string' ? value.test(actual) : isDeepStrictEqual(actual, value)
    if (!matches) {
      fail(message, () => `Expected values to be strictly deep-equal:\n${diff({ [key]: actual }, { [key]: value })}`, {
        actual: thrown,
        expected,
        operator,
      })
    }
  }
  if (expected instanceof Error) {
    for (const key of ['name', 'message'] as const) {
      if ((thrown as Error)?.[key] !== expected[key]) {
        fail(
          message,
          () =>
            `Expected values to be strictly deep-equal:\n${diff({ [key]: (thrown as Error)?.[key] }, { [key]: expected[key] })}`,
          {
            actual: thrown,
            expected,
            operator,
          },
        )
      }
    }
  }
}

/** Whether two values are deeply and strictly equal, as `deepStrictEqual` checks. */
export function isDeepStrictEqual(actual: unknown, expected: unknown, seen = new Map<object, object>()): boolean {
  if (Object.is(actual, expected)) return true
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
    return false
  }
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false
  if (seen.get(actual) === expected) return true
  seen.set(actual, expected)
  if (actual instanceof Date && expected instanceof Date) {
    if (!Object.is(actual.getTime(), expected.getTime())) return false
  } else if (actual instanceof RegExp && expected instanceof RegExp) {
    if (String(actual) !== String(expected) || actual.lastIndex !== expected.lastIndex) return false
  } else if (actual instanceof Error && expected instanceof Error) {
    if (actual.message !== expected.message || actual.name !== expected.name) return false
  } else if (ArrayBuffer.isView(actual) && ArrayBuffer.isView(expected)) {
    const a = new Uint8Array(actual.buffer, actual.byteOffset, actual.byteLength)
    const b = new Uint8Array(expected.buffer, expected.byteOffset, expected.byteLength)
    if (a.length !== b.length || a.some((byte, i) => byte !== b[i])) return false
  } else if (actual instanceof Map && expected instanceof Map) {
    if (actual.size !== expected.size) return false
    for (const [key, value] of actual) {
      if (!expected.has(key) || !isDeepStrictEqual(value, expected.get(key), seen)) return false
    }
  } else if (actual instanceof Set && expected instanceof Set) {
    if (actual.size !== expected.size) return false
    for (const value of actual) {
      if (!expected.has(value) && ![...expected].some((other) => isDeepStrictEqual(value, other, seen))) return false
    }
  }
  if (Array.isArray(actual) && (actual as unknown[]).length !== (expected as unknown[]).length) return false
  const keys = ownEnumerableKeys(actual)
  const otherKeys = ownEnumerableKeys(expected)
  if (keys.length !== otherKeys.length) return false
  for (const key of keys) {
    if (!Object.prototype.propertyIsEnumerable.call(expected, key)) return false
    const a = (actual as Record<string | symbol, unknown>)[key]
    const b = (expected as Record<string | symbol, unknown>)[key]
    if (!isDeepStrictEqual(a, b, seen)) return false
  }
  return true
}

function ownEnumerableKeys(value: object): Array<string | symbol> {
  const keys: Array<string | symbol> = Object.keys(value)
  if (ArrayBuffer.isView(value)) return keys.filter((key) => !/^\d+$/.test(key as string))
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol)
  }
  return keys
}

/** A line diff of the printed values: `+ actual - expected`, as Node shows it. */
function diff(actual: unknown, expected: unknown): string {
  const a = inspect(actual).split('\n')
  const b = inspect(expected).split('\n')
  const table = a.map(() => Array<number>(b.length + 1).fill(0))
  table.push(Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
    }
  }
  const lines: string[] = ['+ actual - expected', '']
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(`  ${a[i++]}`)
      j++
    } else if (j < b.length && (i >= a.length || table[i]![j + 1]! >= table[i + 1]![j]!)) {
      lines.push(`- ${b[j++]}`)
    } else {
      lines.push(`+ ${a[i++]}`)
    }
  }
  return `${lines.join('\n')}\n`
}

/** Node's strict assert: a function (`assert(value)` is `assert.ok(value)`) with the assertion methods. */
export interface Assert {
  (value: unknown, message?: string | Error): asserts value
  ok(value: unknown, message?: string | Error): asserts value
  equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T
  notEqual(actual: unknown, expected: unknown, message?: string | Error): void
  strictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T
  notStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T
  notDeepEqual(actual: unknown, expected: unknown, message?: string | Error): void
  deepStrictEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T
  notDeepStrictEqual(actual: unknown, expected: unknown, message?: string | Error): void
  throws(block: () => unknown, error?: AssertPredicate | string, message?: string | Error): void
  doesNotThrow(block: () => unknown, message?: string | Error): void
  rejects(
    block: (() => Promise<unknown>) | Promise<unknown>,
    error?: AssertPredicate | string,
    message?: string | Error,
  ): Promise<void>
  doesNotReject(block: (() => Promise<unknown>) | Promise<unknown>, message?: string | Error): Promise<void>
  match(value: string, regExp: RegExp, message?: string | Error): void
  doesNotMatch(value: string, regExp: RegExp, message?: string | Error): void
  fail(message?: string | Error): never
  AssertionError: typeof AssertionError
  strict: Assert
}

const assert: Assert = Object.assign(
  function assert(value: unknown, message?: string | Error): asserts value {
    ok(value, message)
  },
  {
    ok,
    equal: strictEqual,
    notEqual: notStrictEqual,
    strictEqual,
    notStrictEqual,
    deepEqual: deepStrictEqual,
    notDeepEqual: notDeepStrictEqual,
    deepStrictEqual,
    notDeepStrictEqual,
    throws,
    doesNotThrow,
    rejects,
    doesNotReject,
    match,
    doesNotMatch,
    fail: failure,
    AssertionError,
  },
) as Assert
assert.strict = assert

export default assert
export {
  strictEqual as equal,
  notStrictEqual as notEqual,
  deepStrictEqual as deepEqual,
  notDeepStrictEqual as notDeepEqual,
  failure as fail,
  assert as strict,
}
