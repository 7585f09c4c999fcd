/**
 * The DogSchool workload of issue 8, the same for every store: register N dogs, then teach each dog 10
 * tricks (one round teaches every dog one trick; each trick is a command that gets the dog, adds the
 * trick and saves it), then get every dog. Every command and query is awaited before the next starts,
 * as one user session would run them.
 *
 * Figures: events written per second over registering and teaching (11 N events), commands per second
 * over teaching alone (10 N get-add-save commands), and aggregates rebuilt per second over the final
 * reads (N dogs of 11 events each, read in whole passes over every dog until the reads have lasted at
 * least {@link MIN_READ_MS}, so that a fast store's figure is not a few milliseconds on the clock). The
 * reads are checked, so a store cannot win by doing less.
 */
import type { DogStore } from './dog-school.js'
import { now, profiled, progress, size } from './measure.js'

/** How many tricks each dog is taught. */
export const TRICKS = 10

/** The final reads go on, in whole passes over every dog, until they have lasted at least this long. */
export const MIN_READ_MS = size(300, 20)

/** The figures of one run of the workload. */
export interface WorkloadResult {
  n: number
  eventsPerSecond: number
  commandsPerSecond: number
  rebuildsPerSecond: number
  totalMs: number
}

/** Runs the workload on a fresh store that `open` returns, and closes it. */
export async function runDogSchool(label: string, n: number, open: () => DogStore | Promise<DogStore>) {
  const store = await open()
  try {
    const ids: string[] = new Array(n)
    const start = now()
    await profiled(`${label} register`, async () => {
      for (let i = 0; i < n; i++) ids[i] = await store.registerDog(`dog-${i}`)
    })
    const registered = now()
    await profiled(`${label} teach`, async () => {
      for (let t = 0; t < TRICKS; t++) {
        const trick = `trick-${t}`
        for (let i = 0; i < n; i++) await store.addTrick(ids[i]!, trick)
      }
    })
    const taught = now()
    let passes = 0
    await profiled(`${label} rebuild`, async () => {
      do {
        let tricksSeen = 0
        for (let i = 0; i < n; i++) tricksSeen += (await store.getDog(ids[i]!)).tricks.length
        if (tricksSeen !== n * TRICKS) {
          throw new Error(`${label}: read ${tricksSeen} tricks back, expected ${n * TRICKS}.`)
        }
        passes++
      } while (now() - taught < MIN_READ_MS)
    })
    const read = now()
    const result: WorkloadResult = {
      n,
      eventsPerSecond: (n * (1 + TRICKS)) / ((taught - start) / 1000),
      commandsPerSecond: (n * TRICKS) / ((taught - registered) / 1000),
      rebuildsPerSecond: (n * passes) / ((read - taught) / 1000),
      totalMs: read - start,
    }
    progress(
      `${label} N=${n}: ${Math.round(result.eventsPerSecond)} events/s, ` +
        `${Math.round(result.commandsPerSecond)} commands/s, ${Math.round(result.rebuildsPerSecond)} rebuilds/s` +
        `${passes > 1 ? ` (${passes} passes)` : ''} ` +
        `(${(result.totalMs / 1000).toFixed(1)} s)`,
    )
    return result
  } finally {
    await store.close()
  }
}
