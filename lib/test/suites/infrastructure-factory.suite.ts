/**
 * The contract of a persistence module's factory: chosen by settings alone, it builds the three
 * recorders, keeps each application's events in its own tables, and (for a durable store) keeps them
 * after it is closed and built again.
 */
import { describe, expect, it } from 'vitest'
import {
  Environment,
  InfrastructureFactory,
  isInterfaceError,
  type EnvironmentValues,
  type InfrastructureFactoryClass,
} from 'eventsourcing/persistence'
import { newId, storedEvent } from '../support/stored-events.js'

/** What the factory suite expects of a store. */
export interface FactorySuiteOptions {
  /** The factory class the settings should choose. */
  factoryClass: InfrastructureFactoryClass
  /** Whether stored events outlive the factory (a file or a server rather than memory). */
  durable: boolean
  /** Whether closing the factory releases connections, so that its recorders can no longer be used. */
  closes: boolean
}

async function construct(appName: string, settings: EnvironmentValues): Promise<InfrastructureFactory> {
  return InfrastructureFactory.construct(new Environment(appName, settings))
}

/** Runs the factory contract with the given settings (which must give fresh, empty tables per call). */
export function describeInfrastructureFactory(
  name: string,
  settings: () => EnvironmentValues,
  options: FactorySuiteOptions,
): void {
  describe(`${name}: infrastructure factory contract`, () => {
    it(`is chosen by the settings and builds the three recorders`, async () => {
      // Given a factory chosen by the settings
      const factory = await construct('FactoryTest', settings())
      expect(factory).toBeInstanceOf(options.factoryClass)
      try {
        // When each of its recorders stores an event
        const [a, b, c] = [newId(), newId(), newId()]
        const [aggregates, application, process] = [
          factory.aggregateRecorder(),
          factory.applicationRecorder(),
          factory.processRecorder(),
        ]
        await aggregates.insertEvents([storedEvent(a, 1)])
        expect(await application.insertEvents([storedEvent(b, 1)])).toEqual([1])
        await process.insertEvents([storedEvent(c, 1)], { tracking: { applicationName: 'Up', notificationId: 4 } })
        // Then each reads it back
        expect(await aggregates.selectEvents(a)).toHaveLength(1)
        expect(await application.selectEvents(b)).toHaveLength(1)
        expect(await process.maxTrackingId('Up')).toBe(4)
      } finally {
        await factory.close()
      }
    })

    it("keeps each application's events in its own tables", async () => {
      // Given two applications with the same settings
      const values = settings()
      const [one, two] = await Promise.all([construct('AppOne', values), construct('AppTwo', values)])
      try {
        // When each stores an event
        const [first, second] = [one.applicationRecorder(), two.applicationRecorder()]
        await first.insertEvents([storedEvent(newId(), 1, 'one')])
        await second.insertEvents([storedEvent(newId(), 1, 'two')])
        // Then each lists only its own
        expect(await first.maxNotificationId()).toBe(1)
        expect(await second.maxNotificationId()).toBe(1)
      } finally {
        await Promise.all([one.close(), two.close()])
      }
    })

    it(
      options.durable ? 'keeps stored events after it is closed and built again' : 'starts empty each time it is built',
      async () => {
        // Given an event stored through a factory that was then closed
        const values = settings()
        const id = newId()
        const first = await construct('FactoryTest', values)
        await first.applicationRecorder().insertEvents([storedEvent(id, 1)])
        await first.close()
        // When a factory is built again from the same settings
        const second = await construct('FactoryTest', values)
        try {
          // Then the event is there only if the store is durable
          expect(await second.applicationRecorder().selectEvents(id)).toHaveLength(options.durable ? 1 : 0)
        } finally {
          await second.close()
        }
      },
    )

    it(
      options.closes
        ? 'rejects use of its recorders after close() with InterfaceError'
        : 'keeps its recorders usable after close(), having no connections to release',
      async () => {
        // Given a recorder that was used, of a factory that was then closed
        const factory = await construct('FactoryTest', settings())
        const recorder = factory.applicationRecorder()
        await recorder.insertEvents([storedEvent(newId(), 1)])
        await factory.close()
        // When the recorder is used again
        const result = recorder.maxNotificationId()
        // Then it fails with an InterfaceError, unless there was nothing to close
        if (options.closes) await expect(result).rejects.toSatisfy(isInterfaceError)
        else expect(await result).toBe(1)
      },
    )
  })
}
