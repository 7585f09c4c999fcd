/**
 * The interoperability scenario, for any store both libraries have: the Python library writes a DogSchool;
 * this library reads every dog and the notification log, appends tricks and registers a dog; the Python
 * library reads it all back and checks its types. Run plain, with the cipher, with the compressor, and with
 * both, each on a fresh database.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { registry } from 'eventsourcing/domain'
import { AesCipher } from 'eventsourcing/cipher'
import { PythonDecimal, PythonUuid } from 'eventsourcing/persistence'
import { runPython } from '../support/python.js'
import { Collar, definePythonDogSchool } from '../support/python-dog-school.js'

/** The settings of one fresh database, as each library spells them. */
export interface InteropStore {
  /** The Python application's settings (PERSISTENCE_MODULE=eventsourcing.sqlite, …). */
  python: Record<string, string>
  /** This library's settings for the same database, in the Python format. */
  typescript: Record<string, string>
}

interface PythonDog {
  name: string
  tricks: string[]
  version: number
  owner_id: string
  fee: string
  born: string
  collar: { colour: string; size: number }
  details: Record<string, unknown>
}
interface PythonRead {
  dogs: Record<string, PythonDog>
  log: { id: number; originator_id: string; version: number; topic: string }[]
}

const CODECS: Record<string, () => Record<string, string>> = {
  'without cipher or compressor': () => ({}),
  'with the cipher': () => ({ CIPHER_TOPIC: 'eventsourcing.cipher:AESCipher', CIPHER_KEY: AesCipher.createKey() }),
  'with the compressor': () => ({ COMPRESSOR_TOPIC: 'eventsourcing.compressor:ZlibCompressor' }),
  'with the cipher and the compressor': () => ({
    CIPHER_TOPIC: 'eventsourcing.cipher:AESCipher',
    CIPHER_KEY: AesCipher.createKey(),
    COMPRESSOR_TOPIC: 'eventsourcing.compressor:ZlibCompressor',
  }),
}

/** Runs the scenario on stores made by `freshStore` (one per test). */
export function describePythonInterop(name: string, freshStore: () => Promise<InteropStore>): void {
  describe(name, () => {
    beforeEach(() => registry.reset())

    for (const [codecs, codecSettings] of Object.entries(CODECS)) {
      it(`reads what Python wrote and writes what Python reads, ${codecs}`, async () => {
        // Given a DogSchool written by the Python library
        const store = await freshStore()
        const shared = codecSettings()
        const pythonEnv = { ...store.python, ...shared }
        const ids = runPython('interop.py', ['write'], pythonEnv) as string[]
        const { DogSchool } = definePythonDogSchool()
        const app = new DogSchool({ env: { ...store.typescript, ...shared, PYTHON_TOPIC_MODULE: 'dogschool' } })
        let bella: string
        try {
          // When this library reads every dog, then each has the values and types Python wrote
          const [fido, milly, rex] = await Promise.all(ids.map((id) => app.getDog(id)))
          expect([fido!.name, milly!.name, rex!.name]).toEqual(['Fido', 'Milly', 'Rex'])
          expect(fido!.tricks).toEqual(['roll over', 'play dead'])
          expect(fido!.version).toBe(3)
          expect(fido!.owner_id).toEqual(new PythonUuid('3d3b96ba-524c-5a10-b052-a8a15f702d2f'))
          expect(milly!.fee).toEqual(new PythonDecimal('13.50'))
          expect(fido!.born).toEqual(new Date('2020-01-01T10:15:48.042Z'))
          expect(rex!.collar).toEqual(new Collar('red', 5))
          expect(fido!.details).toEqual({ breed: 'mixed', weights: [1.5, 2, 0], vaccinated: true, chip: null })
          expect(fido!.createdOn).toBeInstanceOf(Date)

          // And the notification log lists Python's events in order, under this library's topics
          const log = await app.notificationLog.select({ start: 1, limit: 100 })
          expect(log.map((n) => [n.id, n.originatorId, n.originatorVersion, n.topic])).toEqual([
            [1, ids[0], 1, 'Dog.Registered'],
            [2, ids[0], 2, 'Dog.TrickAdded'],
            [3, ids[0], 3, 'Dog.TrickAdded'],
            [4, ids[1], 1, 'Dog.Registered'],
            [5, ids[1], 2, 'Dog.TrickAdded'],
            [6, ids[2], 1, 'Dog.Registered'],
          ])

          // When this library appends tricks and registers a dog of its own
          for (const id of ids) await app.addTrick(id, 'fetch')
          bella = await app.registerDog({
            name: 'Bella',
            owner_id: new PythonUuid('0b7d8d6e-4cb0-4f0e-9bd6-3e55c4a2c0de'),
            fee: new PythonDecimal('9.99'),
            born: new Date('2021-06-01T08:00:00.123Z'),
            collar: new Collar('blue', 2),
            details: { breed: 'terrier', weights: [], vaccinated: false, chip: 'A1' },
          })
          await app.addTrick(bella, 'beg')
        } finally {
          await app.close()
        }

        // Then the Python library reads every dog back, with Python's types (the script checks them)
        const read = runPython('interop.py', ['read', JSON.stringify([...ids, bella])], pythonEnv) as PythonRead
        expect(read.dogs[ids[0]!]!.tricks).toEqual(['roll over', 'play dead', 'fetch'])
        expect(read.dogs[ids[2]!]).toMatchObject({ name: 'Rex', tricks: ['fetch'], version: 2 })
        expect(read.dogs[bella]).toEqual({
          name: 'Bella',
          tricks: ['beg'],
          version: 2,
          owner_id: '0b7d8d6e-4cb0-4f0e-9bd6-3e55c4a2c0de',
          fee: '9.99',
          born: '2021-06-01T08:00:00.123000+00:00',
          collar: { colour: 'blue', size: 2 },
          details: { breed: 'terrier', weights: [], vaccinated: false, chip: 'A1' },
        })
        // And its notification log goes on where Python's ended, under Python's topics
        expect(read.log.slice(6).map((n) => [n.id, n.originator_id, n.version, n.topic])).toEqual([
          [7, ids[0], 4, 'dogschool:Dog.TrickAdded'],
          [8, ids[1], 3, 'dogschool:Dog.TrickAdded'],
          [9, ids[2], 2, 'dogschool:Dog.TrickAdded'],
          [10, bella, 1, 'dogschool:Dog.Registered'],
          [11, bella, 2, 'dogschool:Dog.TrickAdded'],
        ])
      })
    }
  })
}
