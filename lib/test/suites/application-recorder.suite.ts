/**
 * The contract every application recorder keeps (on top of the aggregate recorder's), written once and
 * run against each store. Each test gets a recorder on fresh, empty tables.
 */
import { describe, expect, it } from 'vitest'
import { isIntegrityError, type ApplicationRecorder, type Notification } from 'eventsourcing/persistence'
import { describeAggregateRecorder, type RecorderSource } from './aggregate-recorder.suite.js'
import { newId, stateText, storedEvent } from '../support/stored-events.js'

/**
 * Pages through a notification log as a follower does, starting each page at the last id seen plus one,
 * until `done()` is true and a page comes back empty. Returns every notification seen, in order.
 */
export async function follow(
  recorder: ApplicationRecorder,
  done: () => boolean,
  pageSize = 7,
): Promise<Notification[]> {
  const seen: Notification[] = []
  for (;;) {
    const finished = done()
    const page = await recorder.selectNotifications({ start: (seen.at(-1)?.id ?? 0) + 1, limit: pageSize })
    seen.push(...page)
    if (page.length === 0) {
      if (finished) return seen
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }
}

/** Runs the application recorder contract (and the aggregate recorder contract) against `source`. */
export function describeApplicationRecorder(name: string, source: RecorderSource<ApplicationRecorder>): void {
  describeAggregateRecorder(name, source)

  describe(`${name}: application recorder contract`, () => {
    it('numbers stored events 1, 2, 3 … across aggregates and returns the ids from insertEvents', async () => {
      // Given a fresh recorder
      const recorder = await source.create()
      const [a, b] = [newId(), newId()]
      // When two writes store three events of two aggregates
      expect(await recorder.insertEvents([storedEvent(a, 1), storedEvent(b, 1)])).toEqual([1, 2])
      expect(await recorder.insertEvents([storedEvent(a, 2)])).toEqual([3])
      // Then the notifications list them in that order
      const notifications = await recorder.selectNotifications({ start: 1, limit: 10 })
      expect(notifications.map((n) => [n.id, n.originatorId, n.originatorVersion])).toEqual([
        [1, a, 1],
        [2, b, 1],
        [3, a, 2],
      ])
      expect(stateText(notifications[2]!)).toBe(`${a.slice(0, 8)}@2`)
    })

    it('returns 0 as the largest notification id of an empty store, then the largest id', async () => {
      const recorder = await source.create()
      expect(await recorder.maxNotificationId()).toBe(0)
      expect(await recorder.selectNotifications({ start: 1, limit: 10 })).toEqual([])
      await recorder.insertEvents([storedEvent(newId(), 1), storedEvent(newId(), 1)])
      expect(await recorder.maxNotificationId()).toBe(2)
    })

    it('selects notifications from start, at most limit, up to stop, and of the given topics', async () => {
      // Given six events, alternating between two topics
      const recorder = await source.create()
      const id = newId()
      await recorder.insertEvents(
        [1, 2, 3, 4, 5, 6].map((v) => storedEvent(id, v, `v${v}`, v % 2 ? 'test.Odd' : 'test.Even')),
      )
      const ids = async (options: Parameters<ApplicationRecorder['selectNotifications']>[0]) =>
        (await recorder.selectNotifications(options)).map((n) => n.id)
      // Then each option narrows the selection
      expect(await ids({ start: 1, limit: 10 })).toEqual([1, 2, 3, 4, 5, 6])
      expect(await ids({ start: 3, limit: 2 })).toEqual([3, 4])
      expect(await ids({ start: 2, limit: 10, stop: 4 })).toEqual([2, 3, 4])
      expect(await ids({ start: 1, limit: 10, topics: ['test.Even'] })).toEqual([2, 4, 6])
      expect(await ids({ start: 3, limit: 2, topics: ['test.Odd', 'test.Even'] })).toEqual([3, 4])
      expect(await ids({ start: 1, limit: 10, topics: [] })).toEqual([1, 2, 3, 4, 5, 6])
      expect(await ids({ start: 7, limit: 10 })).toEqual([])
    })

    it('never lists the events of a rejected write, and numbers later writes after earlier ones', async () => {
      // Given an aggregate at version 1 (notification 1)
      const recorder = await source.create()
      const [a, b] = [newId(), newId()]
      await recorder.insertEvents([storedEvent(a, 1)])
      // When a write that conflicts fails, and another write succeeds
      await expect(recorder.insertEvents([storedEvent(b, 1), storedEvent(a, 1, 'stale')])).rejects.toSatisfy(
        isIntegrityError,
      )
      const [id] = await recorder.insertEvents([storedEvent(b, 1)])
      // Then the notifications hold the two stored events, in order, and nothing of the failed write
      const notifications = await recorder.selectNotifications({ start: 1, limit: 10 })
      expect(notifications.map((n) => n.originatorId)).toEqual([a, b])
      expect(notifications.map(stateText)).not.toContain('stale')
      expect(id).toBeGreaterThan(1)
      expect(await recorder.maxNotificationId()).toBe(id)
    })

    it('lets a follower paging with start = last seen + 1 see every event while writers commit concurrently', async () => {
      // Given four writers with their own connections
      const first = await source.create()
      const writers = [first, ...(await Promise.all(Array.from({ length: 3 }, () => source.connectAgain(first))))]
      // When each stores 25 writes of two events while a follower pages through the log
      let writing = true
      const following = follow(first, () => !writing)
      await Promise.all(
        writers.map(async (writer) => {
          for (let write = 0; write < 25; write++) {
            await writer.insertEvents([storedEvent(newId(), 1), storedEvent(newId(), 1)])
          }
        }),
      )
      writing = false
      const seen = await following
      // Then the follower saw every one of the 200 events, once, in id order
      const all = await first.selectNotifications({ start: 1, limit: 1000 })
      expect(all).toHaveLength(200)
      expect(seen.map((n) => n.id)).toEqual(all.map((n) => n.id))
    })
  })
}
