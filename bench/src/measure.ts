/**
 * Timing and reporting helpers shared by the parts: a clock, medians, a garbage collection between
 * repetitions (so that one repetition's garbage is not collected on the next one's clock), progress on
 * standard error, the `BENCH_ROW` lines that `bench/run.mjs` reads (see `bench/rows.mjs`), and CPU
 * profiles of single phases when the runner asks for them (`--profile`).
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
  target?: { text: string; met: boolean }
  note?: string
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

/** Returns `full`, or `quick` for a quick run. */
export function size(full: number, quick: number): number {
  return QUICK ? quick : full
}

/** Formats a count with thousands separators, for figure names: 10000 → '10,000'. */
export function count(n: number): string {
  return n.toLocaleString('en-US')
}

/** A target on `ours` alone: at least `min` (rates) or at most `max` (times). */
export function absoluteTarget(ours: number | null, bound: { min?: number; max?: number }, unit: string) {
  if (bound.min !== undefined) return { text: `>= ${count(bound.min)}${unit}`, met: ours !== null && ours >= bound.min }
  return { text: `<= ${count(bound.max!)}${unit}`, met: ours !== null && ours <= bound.max! }
}

/** A target on ours relative to a baseline, as the runner's ratio (> 1 when ours is better). */
export function ratioTarget(
  ours: number | null,
  baseline: number | null,
  better: 'higher' | 'lower',
  minRatio: number,
  name: string,
) {
  const ratio = ours === null || baseline === null ? null : better === 'higher' ? ours / baseline : baseline / ours
  return { text: `>= ${minRatio} x ${name}`, met: ratio !== null && ratio >= minRatio }
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
