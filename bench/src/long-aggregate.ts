/**
 * The long aggregate of parts `long` and `emmett`: one dog with 10,000 events (registered, then taught
 * 9,999 tricks), stored in one save, and rebuilt whole. One run of a side is a batch of rebuilds one after
 * another (at least BATCH, and until the batch has lasted MIN_RUN_MS, so that a store that rebuilds in a
 * fraction of a millisecond is not timed over a few milliseconds), with no garbage collection between
 * them (so that a side that makes more garbage pays for it); its figure is the mean time of a rebuild.
 */
import { Dog, type DogSchool } from './dog-school.js'
import { now, progress, size } from './measure.js'

/** The long aggregate's events. */
export const EVENTS = 10_000

/** The fewest rebuilds in one run (a batch); its figure is their mean time. */
export const BATCH = size(10, 2)

/** A batch goes on until it has lasted at least this long. */
export const MIN_RUN_MS = size(100, 10)

/** Stores one dog with EVENTS events in one save; returns its id. */
export async function storeLongDog(app: DogSchool): Promise<string> {
  const dog = new Dog({ name: 'Methuselah' })
  for (let t = 1; t < EVENTS; t++) dog.addTrick({ trick: `trick-${t}` })
  await app.save(dog)
  return dog.id
}

/**
 * One run: rebuilds by `rebuild` (which returns the dog's trick count, checked), at least BATCH and until
 * MIN_RUN_MS have passed, timed together; returns the mean ms per rebuild.
 */
export async function rebuildRun(label: string, rebuild: () => Promise<number>): Promise<number> {
  const started = now()
  let rebuilds = 0
  while (rebuilds < BATCH || now() - started < MIN_RUN_MS) {
    const tricks = await rebuild()
    if (tricks !== EVENTS - 1) throw new Error(`${label}: rebuilt a dog with ${tricks} tricks, expected ${EVENTS - 1}.`)
    rebuilds++
  }
  const ms = (now() - started) / rebuilds
  progress(`${label}: ${ms.toFixed(2)} ms a rebuild (mean of ${rebuilds})`)
  return ms
}

/** A warm-up: `times` runs of `rebuildRun`, whose figures are discarded. */
export function warmUp(label: string, rebuild: () => Promise<number>, times = size(2, 1)) {
  return async () => {
    for (let i = 0; i < times; i++) await rebuildRun(`warm-up ${label}`, rebuild)
  }
}
