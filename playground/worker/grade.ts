// Worker.
/**
 * Runs registered tests in order and reports each as pass, fail (an assertion failed) or error (anything else
 * was thrown), with its message. Pure: the runtime calls it in the browser's worker and in `tutorial-tests`' Node
 * worker, for exercises ("Run tests") and for runnable blocks that register tests.
 */

/** The global the tests of a run are registered on (by `learner-modules/vitest.ts`, fresh in each run's worker). */
export const TEST_REGISTRY = '__esTests'

/** A test registered with `test(name, fn)`. */
export interface RegisteredTest {
  name: string
  fn: () => unknown
}

/** How one test went; `error` is the thrown value. */
export interface TestOutcome {
  name: string
  status: 'pass' | 'fail' | 'error'
  error?: unknown
  durationMs: number
}

/** Options of `runTests`. */
export interface RunTestsOptions {
  /** Called after each test, in order. */
  onResult?: (outcome: TestOutcome) => void
  /** A clock in milliseconds. @default performance.now */
  now?: () => number
}

/** Whether a thrown value is a failed assertion (by name, as errors may come from another copy of assert). */
export function isAssertionFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AssertionError'
}

/** Runs the tests one after the other, awaiting each, and returns their outcomes in order. */
export async function runTests(
  tests: readonly RegisteredTest[],
  options: RunTestsOptions = {},
): Promise<TestOutcome[]> {
  const now = options.now ?? (() => performance.now())
  const outcomes: TestOutcome[] = []
  for (const test of tests) {
    const start = now()
    let outcome: TestOutcome
    try {
      await test.fn()
      outcome = { name: test.name, status: 'pass', durationMs: now() - start }
    } catch (error) {
      outcome = {
        name: test.name,
        status: isAssertionFailure(error) ? 'fail' : 'error',
        error,
        durationMs: now() - start,
      }
    }
    outcomes.push(outcome)
    options.onResult?.(outcome)
  }
  return outcomes
}
