/**
 * A writer in a child process, for the multi-process guarantee tests (bundled from the current sources
 * by `processes.ts`, so it always runs the code under test). It builds the factory its settings'
 * PERSISTENCE_MODULE names and that factory's application recorder, then:
 * - mode 'append': appends `count` events to one aggregate, reading its last version before each write
 *   and retrying on IntegrityError; prints {"conflicts": n} at the end;
 * - mode 'stream': makes saves of three events of two aggregates (its own aggregate's next version, and a
 *   new aggregate's versions 1 and 2), printing "ack <n>" after each save is acknowledged, for ever when
 *   `count` is 0.
 * Writers given the same `startAt` (a Date.now() time) wait for it, so that they write at the same time.
 */
import { Environment, type InfrastructureFactoryClass } from 'eventsourcing/persistence'
import { PostgresFactory } from 'eventsourcing/postgres'
import { SqliteFactory } from 'eventsourcing/sqlite'
import type { WriterArgs } from './processes.js'
import { storedEvent } from './stored-events.js'
import { appendWithRetry } from './writers.js'

const FACTORIES: Record<string, InfrastructureFactoryClass> = {
  'eventsourcing/sqlite': SqliteFactory,
  'eventsourcing/postgres': PostgresFactory,
}

const { appName, settings, mode, writer, aggregateId, count, startAt }: WriterArgs = JSON.parse(process.argv[2]!)
const Factory = FACTORIES[settings.PERSISTENCE_MODULE!]!
const factory = new Factory(new Environment(appName, settings))
const recorder = factory.applicationRecorder()
await recorder.maxNotificationId() // connects before the start, so that the writers start together
await new Promise((resolve) => setTimeout(resolve, Math.max(0, (startAt ?? 0) - Date.now())))

if (mode === 'append') {
  process.stdout.write(`${JSON.stringify(await appendWithRetry(recorder, aggregateId, writer, count))}\n`)
} else {
  for (let save = 1; count === 0 || save <= count; save++) {
    const other = crypto.randomUUID()
    const text = `${writer}:${save}`
    await recorder.insertEvents([
      storedEvent(aggregateId, save, text),
      storedEvent(other, 1, text),
      storedEvent(other, 2, text),
    ])
    process.stdout.write(`ack ${save}\n`)
  }
}
await factory.close()
