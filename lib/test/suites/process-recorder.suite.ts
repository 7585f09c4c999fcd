/**
 * The contract every process recorder keeps (on top of the application recorder's): positions in
 * upstream notification logs, recorded in the same atomic write as the events they caused.
 */
import { describe, expect, it } from 'vitest'
import { isIntegrityError, isProgrammingError, type ProcessRecorder } from 'eventsourcing/persistence'
import { describeApplicationRecorder } from './application-recorder.suite.js'
import type { RecorderSource } from './aggregate-recorder.suite.js'
import { newId, storedEvent } from '../support/stored-events.js'

/** Runs the process recorder contract (and the application and aggregate contracts) against `source`. */
export function describeProcessRecorder(name: string, source: RecorderSource<ProcessRecorder>): void {
  describeApplicationRecorder(name, source)

  describe(`${name}: process recorder contract`, () => {
    it('records an upstream position with the events it caused, in one write', async () => {
      // Given a fresh recorder
      const recorder = await source.create()
      expect(await recorder.maxTrackingId('Upstream')).toBe(0)
      // When a write stores an event with the position of upstream notification 3
      const id = newId()
      await recorder.insertEvents([storedEvent(id, 1)], {
        tracking: { applicationName: 'Upstream', notificationId: 3 },
      })
      // Then both are there
      expect(await recorder.selectEvents(id)).toHaveLength(1)
      expect(await recorder.maxTrackingId('Upstream')).toBe(3)
      expect(await recorder.hasTrackingId('Upstream', 3)).toBe(true)
      expect(await recorder.hasTrackingId('Upstream', 2)).toBe(false)
    })

    it('records a position for a write with no events', async () => {
      const recorder = await source.create()
      await recorder.insertEvents([], { tracking: { applicationName: 'Upstream', notificationId: 1 } })
      expect(await recorder.hasTrackingId('Upstream', 1)).toBe(true)
      expect(await recorder.maxNotificationId()).toBe(0)
    })

    it('rejects a second write for the same upstream notification with IntegrityError and stores none of it', async () => {
      // Given upstream notification 1 recorded as processed
      const recorder = await source.create()
      const tracking = { applicationName: 'Upstream', notificationId: 1 }
      await recorder.insertEvents([storedEvent(newId(), 1)], { tracking })
      // When it is processed again
      const again = newId()
      await expect(recorder.insertEvents([storedEvent(again, 1)], { tracking })).rejects.toSatisfy(isIntegrityError)
      // Then the second write's events were not stored
      expect(await recorder.selectEvents(again)).toEqual([])
      expect(await recorder.maxNotificationId()).toBe(1)
    })

    it('does not record the position of a write whose events conflict', async () => {
      const recorder = await source.create()
      const id = newId()
      await recorder.insertEvents([storedEvent(id, 1)])
      const tracking = { applicationName: 'Upstream', notificationId: 7 }
      await expect(recorder.insertEvents([storedEvent(id, 1)], { tracking })).rejects.toSatisfy(isIntegrityError)
      expect(await recorder.hasTrackingId('Upstream', 7)).toBe(false)
      expect(await recorder.maxTrackingId('Upstream')).toBe(0)
    })

    it('keeps the positions of different upstream applications apart', async () => {
      const recorder = await source.create()
      await recorder.insertEvents([], { tracking: { applicationName: 'Orders', notificationId: 5 } })
      await recorder.insertEvents([], { tracking: { applicationName: 'Orders', notificationId: 2 } })
      await recorder.insertEvents([], { tracking: { applicationName: 'Payments', notificationId: 9 } })
      expect(await recorder.maxTrackingId('Orders')).toBe(5)
      expect(await recorder.maxTrackingId('Payments')).toBe(9)
      expect(await recorder.hasTrackingId('Payments', 5)).toBe(false)
    })

    it('rejects a malformed tracking record with ProgrammingError', async () => {
      const recorder = await source.create()
      const tracking = { applicationName: '', notificationId: 1 }
      await expect(recorder.insertEvents([storedEvent(newId(), 1)], { tracking })).rejects.toSatisfy(isProgrammingError)
      expect(await recorder.maxNotificationId()).toBe(0)
    })
  })
}
