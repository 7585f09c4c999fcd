/**
 * The long aggregate of parts `long` and `emmett`: one dog with 10,000 events (registered, then taught
 * 9,999 tricks), stored in one save, and rebuilt whole. One run of a side is a batch of rebuilds one after
 * another, with no garbage collection between them (so that a side that makes more garbage pays for it);
 * its figure is the mean time of a rebuild in the batch.
 */
import { Dog, type DogSchool } from './dog-school.js'
import { now, progress, size } from './measure.js'

/** The long aggregate's events. */
export const EVENTS = 10_000

/** Rebuilds in one run (a batch); its figure is their mean time. */
export const BATCH = size(10, 2)

/** Stores one dog with EVENTS events in one save; returns its id. */
export async function storeLongDog(app: DogSchool): Promise<string> {
  const dog = new Dog({ name: 'Methuselah' })
  for (let t = 1; t < EVENTS; t++) dog.addTrick({ trick: `trick-${t}` })
  await app.save(dog)
  return dog.id
}

/**
 * One run: BATCH rebuilds by `rebuild` (which returns the dog's trick count, checked), timed together;
 * returns the mean ms per rebuild.
 */
export async function rebuildRun(label: string, rebuild: () => Promise<number>): Promise<number> {
  const started = now()
  for (let i = 0; i < BATCH; i++) {
    const tricks = await rebuild()
    if (tricks !== EVENTS - 1) throw new Error(`${label}: rebuilt a dog with ${tricks} tricks, expected ${EVENTS - 1}.`)
  }
  const ms = (now() - started) / BATCH
  progress(`${label}: ${ms.toFixed(2)} ms a rebuild (mean of ${BATCH})`)
  return ms
}

/** A warm-up: `times` runs of `rebuildRun`, whose figures are discarded. */
export function warmUp(label: string, rebuild: () => Promise<number>, times = size(2, 1)) {
  return async () => {
    for (let i = 0; i < times; i++) await rebuildRun(`warm-up ${label}`, rebuild)
  }
}
