/**
 * Where the benchmarks keep their database files: `.bench-output/data/` at the repository's root
 * (ignored by git).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

/** The repository's root: the runner passes it as BENCH_ROOT (npm runs scripts from the root anyway). */
const ROOT = process.env.BENCH_ROOT ?? process.cwd()

/** Returns the path of a file under `.bench-output/data/`, creating the folder. */
export function benchFile(name: string): string {
  const folder = join(ROOT, '.bench-output', 'data')
  mkdirSync(folder, { recursive: true })
  return join(folder, name)
}
