/**
 * The tutorial's Part 4 checks, written once and run on each runner and store: tricks counted 3/0/0, then
 * 3/2/0, then 3/2/1, and the counts still there for new application objects on durable stores.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { registry, type EnvironmentValues } from 'eventsourcing'
import { ConcurrentRunner, SingleThreadedRunner, System, type Runner } from 'eventsourcing/system'
import { defineCounters } from '../support/counters.js'

/** The runners the suite runs with. */
export const RUNNERS = { SingleThreadedRunner, ConcurrentRunner } as const

/**
 * Runs Part 4's scenario with each runner on the settings `env()` returns (a fresh store per call when the
 * store is durable); `durable` adds the check that new application objects see what was stored.
 */
export function describeSystem(name: string, env: () => EnvironmentValues, options: { durable: boolean }): void {
  describe(`the Part 4 system ${name}`, () => {
    beforeEach(() => registry.reset())

    for (const [runnerName, RunnerClass] of Object.entries(RUNNERS)) {
      it(`counts each trick once with the ${runnerName}: 3/0/0, then 3/2/0, then 3/2/1`, async () => {
        const { DogSchool, Counters } = defineCounters()
        const system = new System({ pipes: [[DogSchool, Counters]] })
        const settings = env()
        const runner: Runner = new RunnerClass(system, { env: settings })
        await runner.start()
        const school = runner.get(DogSchool)
        const counters = runner.get(Counters)
        // The single-threaded runner has processed everything when save() resolves; the concurrent one is waited for.
        const settled = () => (runner instanceof ConcurrentRunner ? runner.waitForFollowers() : undefined)
        const counts = async () =>
          Promise.all(['roll over', 'fetch ball', 'play dead'].map((trick) => counters.getCount(trick)))

        const billy = await school.registerDog('Billy')
        const milly = await school.registerDog('Milly')
        const scrappy = await school.registerDog('Scrappy')
        for (const dog of [billy, milly, scrappy]) await school.addTrick(dog, 'roll over')
        await settled()
        expect(await counts()).toEqual([3, 0, 0])

        await school.addTrick(billy, 'fetch ball')
        await school.addTrick(milly, 'fetch ball')
        await settled()
        expect(await counts()).toEqual([3, 2, 0])

        await school.addTrick(billy, 'play dead')
        await settled()
        expect(await counts()).toEqual([3, 2, 1])
        await runner.stop()

        if (options.durable) {
          const school2 = new DogSchool({ env: settings })
          const counters2 = new Counters({ env: settings })
          expect((await school2.getDog(scrappy)).tricks).toEqual(['roll over'])
          expect(await counters2.getCount('roll over')).toBe(3)
          await Promise.all([school2.close(), counters2.close()])
        }
      })
    }
  })
}
