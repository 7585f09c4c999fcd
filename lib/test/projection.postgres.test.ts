/** The projection module on PostgreSQL. */
import { describeProjection } from './suites/projection.suite.js'
import { postgresSettings } from './support/postgres.js'

describeProjection('on PostgreSQL', { env: postgresSettings, durable: true })
