/** The projection module on PostgreSQL. */
import { describeProjectionCrashes } from './suites/projection-crash.suite.js'
import { describeProjection } from './suites/projection.suite.js'
import { postgresSettings } from './support/postgres.js'

describeProjection('on PostgreSQL', { env: postgresSettings, durable: true, hears: 'notifications' })
describeProjectionCrashes('on PostgreSQL', postgresSettings)
