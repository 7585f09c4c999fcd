/**
 * The Python tutorial's Part 3 scenario (rows T3.11–T3.14 of the tutorial semantics), written once and
 * run on each store: the same application code, with only its settings changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuid4 } from 'eventsourcing/domain'
import { isDataError, isIntegrityError, type EnvironmentValues } from 'eventsourcing/persistence'
import { defineDogSchool } from '../support/dog-school.js'

const { Dog, DogSchool } = defineDogSchool()

const encoder = new TextEncoder()

/** Tells whether `bytes` contain the UTF-8 bytes of `text`. */
function containsText(bytes: Uint8Array, text: string): boolean {
  const needle = encoder.encode(text)
  outer: for (let start = 0; start + needle.length <= bytes.length; start++) {
    for (let index = 0; index < needle.length; index++) if (bytes[start + index] !== needle[index]) continue outer
    return true
  }
  return false
}

/** What the scenario expects of a store. */
export interface ApplicationScenarioOptions {
  /** Whether trick names can be read in the stored state (false when the settings encrypt it). */
  expectVisibleInDb: boolean
}

/**
 * Runs the Part 3 scenario on a fresh DogSchool built with the given settings (which must give it fresh,
 * empty tables).
 */
export function describeApplication(
  name: string,
  settings: () => EnvironmentValues,
  options: ApplicationScenarioOptions,
): void {
  describe(`${name}: the tutorial's Part 3 scenario`, () => {
    let app: InstanceType<typeof DogSchool>
    let fido: string

    beforeAll(() => {
      app = new DogSchool({ env: settings() })
    })
    afterAll(async () => {
      await app?.close()
    })

    it('T3.11 a fresh application has no notifications', async () => {
      expect(await app.notificationLog.select({ start: 1, limit: 10 })).toHaveLength(0)
    })

    it('T3.11a registers Fido with two tricks, then adds a third', async () => {
      fido = await app.registerDog('Fido')
      await app.addTrick(fido, 'roll over')
      await app.addTrick(fido, 'fetch ball')
      expect(await app.getDog(fido)).toEqual({ name: 'Fido', tricks: ['roll over', 'fetch ball'] })
      await app.addTrick(fido, 'play dead')
      expect((await app.getDog(fido)).tricks).toEqual(['roll over', 'fetch ball', 'play dead'])
    })

    it(`T3.11b the trick names can be read in ${options.expectVisibleInDb ? '3' : '0'} stored states`, async () => {
      const notifications = await app.notificationLog.select({ start: 1, limit: 10 })
      const readable = notifications.filter((n) =>
        ['roll over', 'fetch ball', 'play dead'].some((trick) => containsText(n.state, trick)),
      )
      expect(readable).toHaveLength(options.expectVisibleInDb ? 3 : 0)
    })

    it('T3.11c version 3 of Fido has two tricks, ending with fetch ball', async () => {
      const old = await app.repository.get(fido, Dog, { version: 3 })
      expect(old.tricks).toHaveLength(2)
      expect(old.tricks.at(-1)).toBe('fetch ball')
    })

    it('T3.11d the log holds 4 notifications', async () => {
      expect(await app.notificationLog.select({ start: 1, limit: 10 })).toHaveLength(4)
    })

    it('T3.11e saving a trick added to the old version rejects with IntegrityError and stores nothing', async () => {
      const old = await app.repository.get(fido, Dog, { version: 3 })
      old.addTrick({ trick: 'future' })
      await expect(app.save(old)).rejects.toSatisfy(isIntegrityError)
      expect(await app.notificationLog.select({ start: 1, limit: 10 })).toHaveLength(4)
    })

    it('T3.11f with Millie and Scrappy, select({ start: 5, limit: 10 }) returns 8 notifications', async () => {
      const millie = await app.registerDog('Millie')
      for (const trick of ['shake hands', 'fetch ball', 'sit pretty']) await app.addTrick(millie, trick)
      const scrappy = await app.registerDog('Scrappy')
      for (const trick of ['come', 'spin', 'stay']) await app.addTrick(scrappy, trick)
      expect(await app.notificationLog.select({ start: 5, limit: 10 })).toHaveLength(8)
    })

    it(
      options.expectVisibleInDb
        ? "fails with DataError when a stored record is not an event's state"
        : 'fails with DataError, never wrong data, when one byte of a stored record is changed',
      async () => {
        // Given a copy of Fido's first stored record, changed, stored as the record of another dog
        await app.ready()
        const [record] = await app.recorder.selectEvents(fido, { limit: 1 })
        // (cut short JSON when the state is readable; one flipped bit when it is encrypted)
        const state = options.expectVisibleInDb ? encoder.encode('{"name": "Fido"') : record!.state.slice()
        if (!options.expectVisibleInDb) state[state.length >> 1]! ^= 1
        const copy = uuid4()
        await app.recorder.insertEvents([{ ...record!, originatorId: copy, state }])
        // When that dog is read
        const error = await app.repository.get(copy, Dog).catch((e: unknown) => e)
        // Then the read fails with a DataError that names the record
        expect(isDataError(error)).toBe(true)
        expect((error as Error).message).toContain(`The stored event Dog.Registered of aggregate ${copy} at version 1`)
      },
    )
  })
}
