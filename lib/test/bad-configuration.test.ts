/**
 * Bad configuration and bad data each fail with a clear, typed error: an unknown persistence module, a
 * bad cipher topic or key, a record written under another key, a corrupt stored record. (Store-specific
 * cases, such as an unreachable server or a missing table, are in the stores' own tests.)
 */
import { DatabaseSync } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { Application } from 'eventsourcing/application'
import { Aggregate, event } from 'eventsourcing/domain'
import { isDataError, isProgrammingError, type EnvironmentValues } from 'eventsourcing/persistence'
import { AesCipher } from 'eventsourcing/cipher'
import { tempDbPath } from './support/sqlite.js'

@event('Enrolled')
class Pupil extends Aggregate {
  name: string
  constructor({ name }: { name: string }) {
    super()
    this.name = name
  }
}

class School extends Application {}

async function saveFails(env: EnvironmentValues): Promise<Error> {
  const app = new School({ env })
  const error = await app.save(new Pupil({ name: 'Fido' })).then(
    () => expect.unreachable('expected the save to fail'),
    (e: unknown) => e as Error,
  )
  await app.close()
  return error
}

describe('bad configuration', () => {
  it('rejects an unknown PERSISTENCE_MODULE with a ProgrammingError naming it and the choices', async () => {
    const error = await saveFails({ PERSISTENCE_MODULE: 'eventsourcing/mongodb' })
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toContain(`The setting PERSISTENCE_MODULE="eventsourcing/mongodb" names the module`)
    expect(error.message).toContain('Use eventsourcing/sqlite or eventsourcing/postgres')
  })

  it('rejects a PERSISTENCE_MODULE that exports no Factory with a ProgrammingError', async () => {
    const error = await saveFails({ PERSISTENCE_MODULE: 'eventsourcing/cipher' })
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toContain(`does not export a Factory class`)
  })

  it("rejects a CIPHER_TOPIC naming an export the module lacks (Python's spelling) with a ProgrammingError", async () => {
    const error = await saveFails({ CIPHER_TOPIC: 'eventsourcing/cipher:AESCipher', CIPHER_KEY: AesCipher.createKey() })
    expect(isProgrammingError(error)).toBe(true)
    expect(error.message).toContain(
      `names the export 'AESCipher', which the module 'eventsourcing/cipher' does not have`,
    )
  })

  it('rejects a missing CIPHER_KEY with a ProgrammingError when the application is made, saying how to create one', () => {
    expect(
      () => new School({ env: { CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher' } }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ProgrammingError: AesCipher needs the setting CIPHER_KEY, which is not set. Create a key once with AesCipher.createKey(), keep it secret, and set CIPHER_KEY to it; without the same key the stored events cannot be read.]`,
    )
  })

  it('rejects a CIPHER_KEY of the wrong length or encoding when the application is made, with or without CIPHER_TOPIC', () => {
    for (const topic of [{ CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher' }, {}]) {
      expect(() => new School({ env: { ...topic, CIPHER_KEY: btoa('too short') } })).toThrowErrorMatchingInlineSnapshot(
        `[ProgrammingError: The setting CIPHER_KEY must be 32 bytes encoded as base64 (44 characters, as AesCipher.createKey() returns), but it is 9 bytes of base64 (12 characters).]`,
      )
      expect(() => new School({ env: { ...topic, CIPHER_KEY: 'not a key!' } })).toThrow(
        /must be 32 bytes encoded as base64 .* but it is not base64 \(10 characters\)/,
      )
    }
  })
})

describe('CIPHER_KEY without CIPHER_TOPIC', () => {
  it('encrypts with AesCipher, as the Python library does, so that a key is never silently unused', async () => {
    // Given a key and no cipher topic, on a database where the stored bytes can be read directly
    const settings = {
      PERSISTENCE_MODULE: 'eventsourcing/sqlite',
      SQLITE_DBNAME: tempDbPath(),
      CIPHER_KEY: AesCipher.createKey(),
    }
    const app = new School({ env: settings })
    const pupil = new Pupil({ name: 'Fido' })
    await app.save(pupil)
    await app.close()
    // Then the stored state does not show the name, and only an application with the key reads it
    const database = new DatabaseSync(settings.SQLITE_DBNAME)
    const [row] = database.prepare('SELECT state FROM school_events').all() as { state: Uint8Array }[]
    database.close()
    expect(new TextDecoder().decode(row!.state)).not.toContain('Fido')
    const reader = new School({ env: settings })
    expect((await reader.repository.get(pupil.id, Pupil)).name).toBe('Fido')
    expect(reader.mapper.cipher).toBeInstanceOf(AesCipher)
    await reader.close()
    const keyless = new School({ env: { ...settings, CIPHER_KEY: '' } })
    expect(isDataError(await keyless.repository.get(pupil.id, Pupil).catch((e: unknown) => e))).toBe(true)
    await keyless.close()
  })
})

describe('bad data', () => {
  const sqlite = (extra: EnvironmentValues = {}) => ({
    PERSISTENCE_MODULE: 'eventsourcing/sqlite',
    SQLITE_DBNAME: tempDbPath(),
    ...extra,
  })

  it('fails with DataError when events were written under another CIPHER_KEY', async () => {
    // Given a pupil saved under one key
    const settings = sqlite({ CIPHER_TOPIC: 'eventsourcing/cipher:AesCipher', CIPHER_KEY: AesCipher.createKey() })
    const writer = new School({ env: settings })
    const pupil = new Pupil({ name: 'Fido' })
    await writer.save(pupil)
    await writer.close()
    // When an application with another key reads it
    const reader = new School({ env: { ...settings, CIPHER_KEY: AesCipher.createKey() } })
    const error = await reader.repository.get(pupil.id, Pupil).catch((e: unknown) => e)
    // Then it fails with a DataError that names the event
    expect(isDataError(error)).toBe(true)
    expect((error as Error).message).toContain(`The stored event Pupil.Enrolled of aggregate ${pupil.id} at version 1`)
    await reader.close()
  })

  it('fails with DataError when a compressed record is corrupt', async () => {
    const settings = sqlite({ COMPRESSOR_TOPIC: 'eventsourcing/compressor:ZlibCompressor' })
    const app = new School({ env: settings })
    const pupil = new Pupil({ name: 'Fido' })
    await app.save(pupil)
    const database = new DatabaseSync(settings.SQLITE_DBNAME)
    database.exec(`UPDATE school_events SET state = substr(state, 1, length(state) - 4)`)
    database.close()
    const error = await app.repository.get(pupil.id, Pupil).catch((e: unknown) => e)
    expect(isDataError(error)).toBe(true)
    expect((error as Error).message).toContain('could not be decompressed')
    await app.close()
  })
})
