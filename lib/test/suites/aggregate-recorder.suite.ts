/**
 * The contract every aggregate recorder keeps, written once and run against each store (as the Python
 * library's reusable recorder tests are). Each test gets a recorder on fresh, empty tables.
 */
import { describe, expect, it } from 'vitest'
import {
  isIntegrityError,
  isProgrammingError,
  type AggregateRecorder,
  type StoredEvent,
} from 'eventsourcing/persistence'
import { newId, stateText, storedEvent } from '../support/stored-events.js'
import { appendWithRetry } from '../support/writers.js'

/** How a suite gets its recorders. */
export interface RecorderSource<R> {
  /** Returns a recorder on fresh, empty tables. */
  create(): R | Promise<R>
  /**
   * Returns another recorder on the same tables as `recorder`, through a connection of its own (the same
   * recorder where a store has no connections), for the concurrency tests.
   */
  connectAgain(recorder: R): R | Promise<R>
}

/** Checks that an aggregate's versions run 1, 2, 3 … and that each writer's events are all there, once. */
export function expectNoLostOrDuplicateEvent(events: readonly StoredEvent[], writers: string[], perWriter: number) {
  expect(events.map((e) => e.originatorVersion)).toEqual(events.map((_, index) => index + 1))
  const written = events.map(stateText).sort()
  const expected = writers.flatMap((w) => Array.from({ length: perWriter }, (_, i) => `${w}:${i + 1}`)).sort()
  expect(written).toEqual(expected)
}

/** Runs the aggregate recorder contract against the recorders `source` makes. */
export function describeAggregateRecorder(name: string, source: RecorderSource<AggregateRecorder>): void {
  describe(`${name}: aggregate recorder contract`, () => {
    it('stores events and returns them oldest first', async () => {
      // Given a recorder and an aggregate with three events
      const recorder = await source.create()
      const id = newId()
      // When the events are stored in two writes
      await recorder.insertEvents([storedEvent(id, 1), storedEvent(id, 2)])
      await recorder.insertEvents([storedEvent(id, 3)])
      // Then they come back in version order, as stored
      const events = await recorder.selectEvents(id)
      expect(events.map((e) => [e.originatorId, e.originatorVersion, e.topic, stateText(e)])).toEqual([
        [id, 1, 'test.Happened', `${id.slice(0, 8)}@1`],
        [id, 2, 'test.Happened', `${id.slice(0, 8)}@2`],
        [id, 3, 'test.Happened', `${id.slice(0, 8)}@3`],
      ])
    })

    it('returns no events for an aggregate that has none', async () => {
      const recorder = await source.create()
      expect(await recorder.selectEvents(newId())).toEqual([])
    })

    it('selects events after gt, up to lte, newest first with desc, and at most limit', async () => {
      // Given an aggregate with five events
      const recorder = await source.create()
      const id = newId()
      await recorder.insertEvents([1, 2, 3, 4, 5].map((v) => storedEvent(id, v)))
      const versions = async (options: Parameters<AggregateRecorder['selectEvents']>[1]) =>
        (await recorder.selectEvents(id, options)).map((e) => e.originatorVersion)
      // Then each option narrows the selection
      expect(await versions({ gt: 2 })).toEqual([3, 4, 5])
      expect(await versions({ lte: 2 })).toEqual([1, 2])
      expect(await versions({ gt: 1, lte: 4 })).toEqual([2, 3, 4])
      expect(await versions({ desc: true })).toEqual([5, 4, 3, 2, 1])
      expect(await versions({ limit: 2 })).toEqual([1, 2])
      expect(await versions({ desc: true, limit: 2 })).toEqual([5, 4])
      expect(await versions({ lte: 4, desc: true, limit: 1 })).toEqual([4])
      expect(await versions({ gt: 5 })).toEqual([])
      expect(await versions({ gt: 3, lte: 2 })).toEqual([])
    })

    it('keeps what it stored when the caller changes the records it gave or was given', async () => {
      // Given a stored event
      const recorder = await source.create()
      const id = newId()
      const given = storedEvent(id, 1)
      await recorder.insertEvents([given])
      // When the caller changes the bytes it inserted, and a record and the bytes it read
      given.state.fill(0)
      const [read] = await recorder.selectEvents(id)
      read!.state.fill(0)
      ;(read as { originatorVersion: number }).originatorVersion = 7
      // Then the store still has what was inserted
      const [again] = await recorder.selectEvents(id)
      expect([again!.originatorVersion, stateText(again!)]).toEqual([1, `${id.slice(0, 8)}@1`])
    })

    it('returns every byte of the stored state unchanged', async () => {
      // Given a state with every byte value, and an empty state
      const recorder = await source.create()
      const id = newId()
      const everyByte = Uint8Array.from({ length: 256 }, (_, index) => index)
      await recorder.insertEvents([
        { originatorId: id, originatorVersion: 1, topic: 't', state: everyByte },
        { originatorId: id, originatorVersion: 2, topic: 't', state: new Uint8Array() },
      ])
      // Then both come back byte for byte, as Uint8Arrays
      const [first, second] = await recorder.selectEvents(id)
      expect(first!.state).toBeInstanceOf(Uint8Array)
      expect([...first!.state]).toEqual([...everyByte])
      expect(second!.state.byteLength).toBe(0)
    })

    it('rejects a stale save with IntegrityError naming the aggregate and version, and stores nothing', async () => {
      // Given an aggregate at version 2
      const recorder = await source.create()
      const id = newId()
      await recorder.insertEvents([storedEvent(id, 1), storedEvent(id, 2)])
      // When a write built on version 1 stores versions 2 and 3
      const stale = recorder.insertEvents([storedEvent(id, 2, 'stale'), storedEvent(id, 3, 'stale')])
      // Then it fails with an IntegrityError that names the taken version
      const error = await stale.catch((e: unknown) => e)
      expect(isIntegrityError(error)).toBe(true)
      expect(error).toMatchObject({ originatorId: id, originatorVersion: 2 })
      expect((error as Error).message).toContain(`Version 2 of aggregate ${id} is already stored`)
      // And none of its events were stored
      expect((await recorder.selectEvents(id)).map(stateText)).not.toContain('stale')
      expect(await recorder.selectEvents(id)).toHaveLength(2)
    })

    it('stores a write of several aggregates all or none (atomic multi-aggregate save)', async () => {
      // Given aggregate B at version 1
      const recorder = await source.create()
      const [a, b, c] = [newId(), newId(), newId()]
      await recorder.insertEvents([storedEvent(b, 1)])
      // When one write stores A 1-2, C 1 and B 1 again
      const write = [storedEvent(a, 1), storedEvent(a, 2), storedEvent(c, 1), storedEvent(b, 1, 'again')]
      await expect(recorder.insertEvents(write)).rejects.toSatisfy(isIntegrityError)
      // Then nothing of it was stored
      expect(await recorder.selectEvents(a)).toEqual([])
      expect(await recorder.selectEvents(c)).toEqual([])
      expect((await recorder.selectEvents(b)).map(stateText)).toEqual([`${b.slice(0, 8)}@1`])
      // And the same write without the conflict stores every event
      await recorder.insertEvents(write.slice(0, 3))
      expect(await recorder.selectEvents(a)).toHaveLength(2)
      expect(await recorder.selectEvents(c)).toHaveLength(1)
    })

    it('rejects a write that gives one version twice, and stores nothing', async () => {
      const recorder = await source.create()
      const id = newId()
      await expect(recorder.insertEvents([storedEvent(id, 1), storedEvent(id, 1, 'twice')])).rejects.toSatisfy(
        isIntegrityError,
      )
      expect(await recorder.selectEvents(id)).toEqual([])
    })

    it('returns no ids and stores nothing for an empty write', async () => {
      const recorder = await source.create()
      expect(await recorder.insertEvents([])).toEqual([])
    })

    it('rejects malformed events and select options with ProgrammingError', async () => {
      const recorder = await source.create()
      const id = newId()
      const bad = [
        () => recorder.insertEvents([{ ...storedEvent(id, 1), originatorVersion: 0 }]),
        () => recorder.insertEvents([{ ...storedEvent(id, 1), state: 'text' as never }]),
        () => recorder.insertEvents('events' as never),
        () => recorder.selectEvents('', {}),
        () => recorder.selectEvents(id, { limit: -1 }),
      ]
      for (const call of bad) await expect(call()).rejects.toSatisfy(isProgrammingError)
      expect(await recorder.selectEvents(id)).toEqual([])
    })

    it('lets exactly one of many concurrent writers store a version, through several connections', async () => {
      // Given eight writers, each with its own connection, and an aggregate at version 1
      const first = await source.create()
      const writers = [first, ...(await Promise.all(Array.from({ length: 7 }, () => source.connectAgain(first))))]
      const id = newId()
      await first.insertEvents([storedEvent(id, 1)])
      // When they all store version 2 at once
      const results = await Promise.allSettled(
        writers.map((writer, index) => writer.insertEvents([storedEvent(id, 2, `writer ${index}`)])),
      )
      // Then exactly one wins and every other gets an IntegrityError
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      expect(rejected.every((r) => isIntegrityError(r.reason))).toBe(true)
      expect(await first.selectEvents(id)).toHaveLength(2)
    })

    it('loses no event and duplicates no version when concurrent writers append to one aggregate', async () => {
      // Given four writers with their own connections, each appending ten events with retries
      const first = await source.create()
      const writers = [first, ...(await Promise.all(Array.from({ length: 3 }, () => source.connectAgain(first))))]
      const id = newId()
      // When they append concurrently
      await Promise.all(writers.map((writer, index) => appendWithRetry(writer, id, `w${index}`, 10)))
      // Then the versions run 1 to 40 and each writer's ten events are there once
      expectNoLostOrDuplicateEvent(await first.selectEvents(id), ['w0', 'w1', 'w2', 'w3'], 10)
    })
  })
}
