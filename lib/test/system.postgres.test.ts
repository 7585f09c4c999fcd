/** Part 4's system on PostgreSQL, plain and with cipher and compressor (one database: tables carry app names). */
import { AesCipher } from 'eventsourcing/cipher'
import { describeSystem } from './suites/system.suite.js'
import { postgresSettings } from './support/postgres.js'

describeSystem('on PostgreSQL', postgresSettings, { durable: true })
describeSystem(
  'on PostgreSQL with cipher and compressor',
  () => ({
    ...postgresSettings(),
    CIPHER_KEY: AesCipher.createKey(),
    COMPRESSOR_TOPIC: 'eventsourcing/compressor:ZlibCompressor',
  }),
  { durable: true },
)
