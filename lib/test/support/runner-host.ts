/**
 * A process that runs a system with the multi-process runner, for the tests that kill it with SIGKILL
 * (bundled with the worker and the systems by `multiprocess.ts`). It prints "started" once the runner
 * has started; in mode 'run' it runs until killed, in mode 'catch-up' it waits for the followers, stops
 * the runner, prints "done" and exits.
 */
import './bundled-stores.js'
import { MultiprocessRunner } from 'eventsourcing/multiprocess'
import type { System } from 'eventsourcing/system'
import * as systems from './multiprocess-system.js'
import type { HostArgs } from './multiprocess.js'

// Ends with the test process, even if that is killed: its end of the stdin pipe closes then.
process.stdin.on('end', () => process.exit(1)).resume()

const { settings, systemExport, mode, pollIntervalMs }: HostArgs = JSON.parse(process.argv[2]!)
const system = (systems as unknown as Record<string, () => System>)[systemExport]!()
const runner = new MultiprocessRunner(system, {
  env: settings,
  systemModule: new URL('./multiprocess-system.mjs', import.meta.url),
  systemExport,
  workerUrl: new URL('./worker.mjs', import.meta.url),
  pollIntervalMs,
})
await runner.start()
process.stdout.write('started\n')
if (mode === 'catch-up') {
  await runner.waitForFollowers({ timeoutMs: 30_000 })
  await runner.stop()
  process.stdout.write('done\n')
  process.exit(0)
}
