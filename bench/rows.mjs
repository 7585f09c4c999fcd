/**
 * The line protocol between `bench/run.mjs` and the scripts it runs for each part. A part prints each
 * figure as one line, `BENCH_ROW ` followed by a JSON object, on its standard output; every other line
 * is passed through as progress. `bench/site.mjs` (the site's figures) uses the same protocol.
 *
 * A row's fields:
 * - `part` (string): the part that measured it, such as 'memory' or 'site'.
 * - `figure` (string): what was measured, with its conditions, such as 'events written/s (N = 10,000)'.
 * - `unit` (string): '/s', 'ms', 'KiB' or 'x' (a plain ratio).
 * - `better` ('higher' | 'lower'): which way is good; the runner's ratio is > 1 when ours is better.
 * - `ours` (number | null): the median of `runs`; null when it could not be measured (say why in `note`).
 * - `runs` (number[], optional): every repetition, shown as a range.
 * - `baseline` (optional): `{ name, value, runs }` measured in the same process, side by side; `value` is
 *   the median of `runs`, and run i of `runs` was interleaved with run i of ours.
 * - `pairRatios` (number[], optional): per pair of interleaved runs, ours relative to the baseline (above 1
 *   when ours is better); the runner prints their range beside the ratio of the medians.
 * - `target` (optional): `{ text, met, issue?, held? }`: the target in words, whether the median (or the
 *   ratio of medians) meets it, the issue that set it, and `held`, `{ of, met, by: 'runs' | 'pairs' }`,
 *   in how many runs or pairs it held.
 * - `note` (string, optional): anything a reader needs, such as why a figure is missing.
 */

/** The prefix of a row line. */
export const ROW_PREFIX = 'BENCH_ROW '

/** Prints a row for the runner. */
export function emitRow(row) {
  process.stdout.write(`${ROW_PREFIX}${JSON.stringify(row)}\n`)
}

/** Returns the row a line holds, or undefined for a progress line. */
export function parseRow(line) {
  if (!line.startsWith(ROW_PREFIX)) return undefined
  try {
    return JSON.parse(line.slice(ROW_PREFIX.length))
  } catch {
    return undefined
  }
}
