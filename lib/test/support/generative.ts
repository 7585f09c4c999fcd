/**
 * The settings every generative (fast-check) suite runs with. `npm test` runs a fixed seed and a modest
 * number of runs, so the suite is repeatable and quick; `npm run test:fuzz` sets EVENTSOURCING_FUZZ, which
 * draws a random seed and runs many more cases. fast-check prints the seed and the shrunk counterexample's
 * path on failure: pass them back as EVENTSOURCING_FUZZ_SEED and EVENTSOURCING_FUZZ_PATH to replay it.
 */
import fc from 'fast-check'

const fuzzing = process.env.EVENTSOURCING_FUZZ === '1'
const seedSetting = process.env.EVENTSOURCING_FUZZ_SEED
const pathSetting = process.env.EVENTSOURCING_FUZZ_PATH

/** The seed of `npm test`; any fixed number would do, what matters is that it never changes by itself. */
const FIXED_SEED = 20261129

/** The seed this process runs with: given, fixed for `npm test`, or random when fuzzing. */
export const seed =
  seedSetting !== undefined ? Number(seedSetting) : fuzzing ? Date.now() ^ (Math.random() * 0x7fffffff) : FIXED_SEED

/**
 * fast-check parameters for one property: `runs` cases under `npm test`, `runs × 20` when fuzzing (at least
 * 200). Use it as `fc.assert(property, generative(50))`.
 */
export function generative<T>(runs: number, extra: fc.Parameters<T> = {}): fc.Parameters<T> {
  return {
    seed,
    numRuns: fuzzing ? Math.max(200, runs * 20) : runs,
    ...(pathSetting !== undefined ? { path: pathSetting } : {}),
    verbose: fuzzing ? fc.VerbosityLevel.Verbose : fc.VerbosityLevel.None,
    ...extra,
  }
}

/** Whether this process runs under `npm run test:fuzz`, for suites that also lengthen their timeouts. */
export const isFuzzing = fuzzing
