/**
 * A process that runs the dog counts projection, for the tests that kill it with SIGKILL (bundled with the
 * stores by `multiprocess.ts`). It prints "started" once the runner has started; in mode 'run' it runs until
 * killed, in mode 'catch-up' it waits until the view has reached the end of the log, stops, prints "done"
 * and exits.
 */
import './bundled-stores.js'
import { ProjectionRunner } from 'eventsourcing/projection'
import { DOG_COUNTS_VIEWS, defineDogCountsProjection } from './dog-counts.js'
import { defineDogSchool } from './dog-school.js'
import type { ProjectionHostArgs } from './multiprocess.js'

// Ends with the test process, even if that is killed: its end of the stdin pipe closes then.
process.stdin.on('end', () => process.exit(1)).resume()

const { settings, mode }: ProjectionHostArgs = JSON.parse(process.argv[2]!)
const { Dog, DogSchool } = defineDogSchool()
const runner = new ProjectionRunner({
  application: DogSchool,
  projection: defineDogCountsProjection(Dog),
  view: DOG_COUNTS_VIEWS,
  env: settings,
  subscription: { pollIntervalMs: 10, pageSize: 7 },
})
await runner.start()
process.stdout.write('started\n')
if (mode === 'catch-up') {
  await runner.wait(await runner.application.notificationLog.maxNotificationId(), { timeoutMs: 30_000 })
  await runner.stop()
  process.stdout.write('done\n')
  process.exit(0)
}
