/**
 * Timing and reporting helpers shared by the parts: a clock, medians, a garbage collection between
 * repetitions (so that one repetition's garbage is not collected on the next one's clock), interleaved
 * runs of the sides of a comparison, progress on standard error, the `BENCH_ROW` lines that
 * `bench/run.mjs` reads (see `bench/rows.mjs`), with their targets, and CPU profiles of single phases
 * when the runner asks for them (`--profile`).
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join } from 'node:path'

/** A figure of one part, as `bench/rows.mjs` describes it. */
export interface Row {
  part: string
  figure: string
  unit: '/s' | 'ms' | 'KiB' | 'x'
  better: 'higher' | 'lower'
  ours: number | null
  runs?: number[]
  baseline?: { name: string; value: number | null; runs?: number[] }
  /** Per pair of interleaved runs, ours relative to the baseline (above 1 when ours is better). */
  pairRatios?: number[]
  target?: Target
  note?: string
}

/**
 * A target: its text, whether the median (or the ratio of medians) meets it, the issue that set it, and
 * in how many of the runs (absolute targets) or pairs of runs (ratio targets) it was met.
 */
export interface Target {
  text: string
  met: boolean
  issue?: number
  held?: { of: number; met: number; by: 'runs' | 'pairs' }
}

/** Prints a row for the runner. */
export function emitRow(row: Row): void {
  process.stdout.write(`BENCH_ROW ${JSON.stringify(row)}\n`)
}

/** Prints progress on standard error, so that it never mixes with rows. */
export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`)
}

/** Milliseconds from a monotonic clock. */
export function now(): number {
  return performance.now()
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Collects garbage if node was started with --expose-gc (the runner does that). */
export function collectGarbage(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

/** Whether the runner asked for a quick smoke run (small N, one repetition): `--quick`. */
export const QUICK = process.argv.includes('--quick')

/** How many measured runs each side of a comparison makes: `--runs N` (default 3; 1 with `--quick`). */
export const RUNS = runsFromArguments(process.argv)

function runsFromArguments(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => arg === '--runs' || arg.startsWith('--runs='))
  if (index < 0) return QUICK ? 1 : 3
  const value = Number(argv[index]!.includes('=') ? argv[index]!.split('=')[1] : argv[index + 1])
  if (!Number.isInteger(value) || value < 1) throw new Error(`--runs needs a whole number of at least 1.`)
  return value
}

/** Returns `full`, or `quick` for a quick run. */
export function size(full: number, quick: number): number {
  return QUICK ? quick : full
}

/** Formats a count with thousands separators, for figure names: 10000 → '10,000'. */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** A target on `ours` alone: at least `min` (rates) or at most `max` (times), judged on the median. */
export function absoluteTarget(
  ours: number | null,
  bound: { min?: number; max?: number },
  unit: string,
  issue?: number,
  runs?: readonly number[],
): Target {
  const meets = (value: number | null) =>
    value !== null && (bound.min !== undefined ? value >= bound.min : value <= bound.max!)
  const text = bound.min !== undefined ? `>= ${count(bound.min)}${unit}` : `<= ${count(bound.max!)}${unit}`
  return {
    text,
    met: meets(ours),
    ...(issue === undefined ? {} : { issue }),
    ...(runs && runs.length > 1 ? { held: { of: runs.length, met: runs.filter(meets).length, by: 'runs' } } : {}),
  }
}

/** Ours relative to a baseline, above 1 when ours is better (rates: ours / baseline; times: baseline / ours). */
export function relative(ours: number, baseline: number, better: 'higher' | 'lower'): number {
  return better === 'higher' ? ours / baseline : baseline / ours
}

/**
 * A target on ours relative to a baseline, judged on the ratio of the medians; with `pairRatios` (one per
 * pair of interleaved runs), also counts the pairs that meet it.
 */
export function ratioTarget(
  ours: number | null,
  baseline: number | null,
  better: 'higher' | 'lower',
  minRatio: number,
  name: string,
  issue?: number,
  pairRatios?: readonly number[],
): Target {
  const ratio = ours === null || baseline === null ? null : relative(ours, baseline, better)
  return {
    text: `>= ${minRatio} x ${name}`,
    met: ratio !== null && ratio >= minRatio,
    ...(issue === undefined ? {} : { issue }),
    ...(pairRatios && pairRatios.length > 1
      ? { held: { of: pairRatios.length, met: pairRatios.filter((r) => r >= minRatio).length, by: 'pairs' } }
      : {}),
  }
}

/** Per pair of runs (index i of each side being pair i), ours relative to the baseline. */
export function pairRatios(ours: readonly number[], baseline: readonly number[], better: 'higher' | 'lower'): number[] {
  return ours.map((value, i) => relative(value, baseline[i]!, better))
}

/**
 * A row comparing ours with a baseline from interleaved runs (pair i is `ours[i]` and `baseline.runs[i]`):
 * the medians of each side, the per-pair ratios, and the target (if any) judged on the ratio of medians.
 */
export function comparisonRow(row: {
  part: string
  figure: string
  unit: Row['unit']
  better: Row['better']
  ours: number[]
  baseline: { name: string; runs: number[] }
  target?: { ratio: number; name: string; issue?: number }
  note?: string
}): Row {
  const ours = median(row.ours)
  const baseline = median(row.baseline.runs)
  const ratios = pairRatios(row.ours, row.baseline.runs, row.better)
  return {
    part: row.part,
    figure: row.figure,
    unit: row.unit,
    better: row.better,
    ours,
    runs: row.ours,
    baseline: { name: row.baseline.name, value: baseline, runs: row.baseline.runs },
    pairRatios: ratios,
    ...(row.target
      ? {
          target: ratioTarget(ours, baseline, row.better, row.target.ratio, row.target.name, row.target.issue, ratios),
        }
      : {}),
    ...(row.note === undefined ? {} : { note: row.note }),
  }
}

/**
 * Runs the sides of a comparison interleaved, `runs` times each: first one discarded warm-up of each
 * (`warmUps`, in the same order), then pairs in ABBA order (A B, B A, A B, …; with three sides A B C,
 * C B A, …), so that drift in the machine's speed falls on every side alike and no side always goes
 * first. Garbage is collected before each run. Returns each side's results; index i of each is pair i.
 */
export async function interleaved<T>(
  sides: readonly (() => Promise<T>)[],
  options: { runs?: number; warmUps?: readonly (() => Promise<unknown>)[] } = {},
): Promise<T[][]> {
  for (const warmUp of options.warmUps ?? []) {
    collectGarbage()
    await warmUp()
  }
  const results: T[][] = sides.map(() => [])
  const runs = options.runs ?? RUNS
  for (let pair = 0; pair < runs; pair++) {
    const order = sides.map((_, i) => i)
    if (pair % 2 === 1) order.reverse()
    for (const side of order) {
      collectGarbage()
      results[side]!.push(await sides[side]!())
    }
  }
  return results
}

/** The message of an error, for a row's note. */
export function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0]!.slice(0, 200)
}

/** Whether the runner asked for CPU profiles (`--profile`), which also slow the profiled runs down. */
export const PROFILING = Boolean(process.env.BENCH_PROFILE_DIR)

let session: Session | undefined
const profiledNames = new Set<string>()

/**
 * Runs `work`, and the first time for each `name` records a CPU profile of it into the folder the
 * runner names in BENCH_PROFILE_DIR (`npm run bench -- --profile`); without it, just runs `work`.
 * Profiling one phase at a time (registering, teaching, rebuilding) keeps each workload's hot spots apart.
 */
export async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE_DIR
  if (!folder || name.startsWith('warm-up') || profiledNames.has(name)) return work()
  profiledNames.add(name)
  if (session === undefined) {
    session = new Session()
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 200 })
  }
  await session.post('Profiler.start')
  try {
    return await work()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    const file = name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')
    writeFileSync(join(folder, `${file}.cpuprofile`), JSON.stringify(profile))
  }
}
