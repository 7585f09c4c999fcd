// Worker.
/**
 * `vitest` for snippets and exercises: `test(name, fn)` (and `it`, `describe`) register tests, written exactly as
 * in a reader's own vitest project; the runtime runs them after the program, with `worker/grade.ts`. The compiler maps
 * the specifier `vitest` to this module. The registry is a global of the run's worker, so it is fresh per run.
 */
import { TEST_REGISTRY, type RegisteredTest } from '../worker/grade'

const scopes: string[] = []

function registry(): RegisteredTest[] {
  const global = globalThis as unknown as Record<string, RegisteredTest[] | undefined>
  return (global[TEST_REGISTRY] ??= [])
}

/** Registers a test; it runs after the program, in registration order. */
export function test(name: string, fn: () => unknown): void {
  registry().push({ name: [...scopes, name].join(' > '), fn })
}

/** Another name for `test`. */
export const it: typeof test = test

/** Groups tests: their names are prefixed with the group's name. */
export function describe(name: string, fn: () => void): void {
  scopes.push(name)
  try {
    fn()
  } finally {
    scopes.pop()
  }
}
