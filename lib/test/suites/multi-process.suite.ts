/**
 * The guarantees that only several processes can test, for a store that several processes can share (a
 * SQLite file, a PostgreSQL database): concurrent writers lose nothing and duplicate nothing, a follower
 * never skips an event, and a writer killed with SIGKILL mid-stream leaves every acknowledged save
 * complete and no save half-written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  Environment,
  InfrastructureFactory,
  type ApplicationRecorder,
  type EnvironmentValues,
  type Notification,
} from 'eventsourcing/persistence'
import { expectNoLostOrDuplicateEvent } from './aggregate-recorder.suite.js'
import { follow } from './application-recorder.suite.js'
import { bundleWriter, startWriter } from '../support/processes.js'
import { newId, stateText } from '../support/stored-events.js'

const APP = 'MultiProcess'
/** Long enough for the writer processes to start and connect, so that they begin writing together. */
const STARTUP_MS = 1000

/** Opens the store the settings name, runs `work` on its application recorder, and closes it. */
async function withRecorder<T>(
  settings: EnvironmentValues,
  work: (recorder: ApplicationRecorder) => Promise<T>,
): Promise<T> {
  const factory = await InfrastructureFactory.construct(new Environment(APP, settings))
  try {
    return await work(factory.applicationRecorder())
  } finally {
    await factory.close()
  }
}

/** Groups notifications by the save that wrote them (their state names writer and save). */
function bySave(notifications: readonly Notification[]): Map<string, Notification[]> {
  const saves = new Map<string, Notification[]>()
  for (const n of notifications) saves.set(stateText(n), [...(saves.get(stateText(n)) ?? []), n])
  return saves
}

/**
 * Runs the multi-process guarantees on the store that `settings` names; each call must give fresh, empty
 * tables that other processes can open with the same settings.
 */
export function describeMultiProcessGuarantees(name: string, settings: () => Record<string, string>): void {
  describe(`${name}: guarantees across processes`, () => {
    let removeBundle = () => {}
    beforeAll(async () => {
      removeBundle = await bundleWriter()
    })
    afterAll(() => removeBundle())

    it('loses no event and duplicates no version when four processes append to one aggregate', async () => {
      // Given four writer processes on one store, each to append 25 events to the same aggregate
      const values = settings()
      await withRecorder(values, (recorder) => recorder.maxNotificationId()) // creates the tables
      const aggregateId = newId()
      const writers = ['p0', 'p1', 'p2', 'p3']
      // When they run at once
      const startAt = Date.now() + STARTUP_MS
      const outputs = await Promise.all(
        writers.map(
          (writer) =>
            startWriter({ appName: APP, settings: values, mode: 'append', writer, aggregateId, count: 25, startAt })
              .exited,
        ),
      )
      // Then the versions run 1 to 100 and each process's 25 events are there once
      await withRecorder(values, async (recorder) => {
        expectNoLostOrDuplicateEvent(await recorder.selectEvents(aggregateId), writers, 25)
      })
      expect(outputs.every((output) => 'conflicts' in JSON.parse(output))).toBe(true)
    }, 30_000)

    it('lets a follower in this process see every event, in order, while three processes write', async () => {
      // Given three writer processes, each to make 30 saves of three events
      const values = settings()
      await withRecorder(values, async (recorder) => {
        await recorder.maxNotificationId()
        const startAt = Date.now() + STARTUP_MS
        const writers = ['p0', 'p1', 'p2'].map((writer) =>
          startWriter({
            appName: APP,
            settings: values,
            mode: 'stream',
            writer,
            aggregateId: newId(),
            count: 30,
            startAt,
          }),
        )
        // When a follower pages with start = last seen + 1 until they have finished
        let running = true
        const following = follow(recorder, () => !running, 5)
        await Promise.all(writers.map((writer) => writer.exited))
        running = false
        const seen = await following
        // Then it saw all 270 events, once each, in id order
        const all = await recorder.selectNotifications({ start: 1, limit: 1000 })
        expect(all).toHaveLength(270)
        expect(seen.map((n) => n.id)).toEqual(all.map((n) => n.id))
      })
    }, 30_000)

    it('keeps every acknowledged save, and no save half-written, after kill -9 of a writer', async () => {
      // Given a writer process streaming saves of three events of two aggregates
      const values = settings()
      await withRecorder(values, (recorder) => recorder.maxNotificationId())
      const aggregateId = newId()
      const writer = startWriter({ appName: APP, settings: values, mode: 'stream', writer: 'w', aggregateId, count: 0 })
      // When it is killed with SIGKILL 10 ms after its 40th acknowledged save (mid-stream, at whatever point)
      await writer.waitForAcks(40)
      await new Promise((resolve) => setTimeout(resolve, 10))
      writer.child.kill('SIGKILL')
      await writer.exited
      const acknowledged = writer.acknowledged()
      // Then, opening the store again, every acknowledged save is there with its three events
      await withRecorder(values, async (recorder) => {
        const saves = bySave(await recorder.selectNotifications({ start: 1, limit: 100_000 }))
        for (let save = 1; save <= acknowledged; save++) expect(saves.get(`w:${save}`), `save ${save}`).toHaveLength(3)
        // And no save is there in part (one in flight may be there whole, or not at all)
        expect([...saves.values()].filter((events) => events.length !== 3)).toEqual([])
        expect(saves.size - acknowledged).toBeLessThanOrEqual(1)
        const versions = (await recorder.selectEvents(aggregateId)).map((e) => e.originatorVersion)
        expect(versions).toEqual(versions.map((_, index) => index + 1))
      })
    }, 30_000)
  })
}
