/**
 * The multi-process runner on PostgreSQL, and the notifications that wake its followers: each write of an
 * application recorder notifies the table's channel inside its transaction.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Environment } from 'eventsourcing/persistence'
import { PostgresFactory, type PostgresApplicationRecorder, type PostgresListener } from 'eventsourcing/postgres'
import { describeMultiprocessRunner } from './suites/multiprocess-runner.suite.js'
import { postgresSettings } from './support/postgres.js'
import { newId, storedEvent } from './support/stored-events.js'

describeMultiprocessRunner('on PostgreSQL', postgresSettings, 'notifications')

describe('PostgreSQL notifications of new events', () => {
  const factories: PostgresFactory[] = []
  afterEach(async () => {
    await Promise.all(factories.splice(0).map((factory) => factory.close()))
  })

  /** Returns an application recorder for DogSchool in a fresh schema, on a pool of its own. */
  const recorderOf = (settings = postgresSettings()): PostgresApplicationRecorder => {
    const factory = new PostgresFactory(new Environment('DogSchool', settings))
    factories.push(factory)
    return factory.applicationRecorder()
  }

  /** Listens on the recorder's channel; returns what it heard so far and the listener. */
  const listenTo = async (recorder: PostgresApplicationRecorder) => {
    const heard: number[] = []
    let wake = () => {}
    const listener: PostgresListener = await recorder.listen((id) => {
      heard.push(id)
      wake()
    })
    const next = () => new Promise<void>((resolve) => (wake = resolve))
    return { heard, listener, next }
  }

  it("notifies the table's channel when a write commits, with the largest notification id it drew", async () => {
    // Given a listener on DogSchool's table, in its own schema
    const settings = postgresSettings()
    const recorder = recorderOf(settings)
    expect(recorder.notifyChannel).toBe(`${settings.POSTGRES_SCHEMA}.dogschool_events`)
    await recorder.maxNotificationId() // creates the table
    const { heard, listener, next } = await listenTo(recorder)
    // When two writes of three and one events commit, through another pool
    const writer = recorderOf(settings)
    const id = newId()
    let heardOne = next()
    await writer.insertEvents([storedEvent(id, 1), storedEvent(id, 2), storedEvent(id, 3)])
    await heardOne
    heardOne = next()
    await writer.insertEvents([storedEvent(id, 4)])
    await heardOne
    // Then the listener heard one notification per write, with the write's last notification id
    expect(heard).toEqual([3, 4])
    await listener.close()
  })

  it('notifies no one of a write that rolls back', async () => {
    // Given a listener, and an aggregate at version 1
    const recorder = recorderOf()
    const id = newId()
    await recorder.insertEvents([storedEvent(id, 1)])
    const { heard, listener, next } = await listenTo(recorder)
    // When a write conflicts with version 1 and rolls back, and then another write commits
    await expect(recorder.insertEvents([storedEvent(id, 2), storedEvent(id, 1)])).rejects.toThrow(
      /Version 1 of aggregate/,
    )
    const heardOne = next()
    const [last] = await recorder.insertEvents([storedEvent(id, 2)])
    await heardOne
    // Then only the committed write was heard
    expect(heard).toEqual([last])
    await listener.close()
  })

  it('rolls a write back when a statement sent with its COMMIT fails, and the connection stays usable', async () => {
    // Given a table, and a pool of one connection
    const recorder = recorderOf()
    await recorder.maxNotificationId()
    const datastore = recorder.datastore
    const table = `${recorder.schema}.${recorder.eventsTable}`
    const id = newId()
    // When a transaction inserts an event, and a statement sent with its COMMIT fails (as a NOTIFY could)
    const insert = `INSERT INTO ${table} (originator_id, originator_version, topic, state) VALUES ($1, 1, 't', '')`
    const failing = datastore.transaction(
      (client) => client.query(insert, [id]),
      [],
      () => ['SELECT 1 / 0'],
    )
    await expect(failing).rejects.toThrow(/division by zero/)
    // Then nothing of it is stored, and the pool's connections still work
    expect(await recorder.selectEvents(id)).toEqual([])
    for (let index = 0; index < 6; index++) expect(await datastore.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
  })

  it('hears nothing once the listener is closed, and closes it with the datastore', async () => {
    // Given a listener that is closed, and one left open
    const recorder = recorderOf()
    await recorder.maxNotificationId()
    const closed = await listenTo(recorder)
    await closed.listener.close()
    const open = await listenTo(recorder)
    // When a write commits
    const heardOne = open.next()
    await recorder.insertEvents([storedEvent(newId(), 1)])
    await heardOne
    // Then the closed listener heard nothing
    expect(closed.heard).toEqual([])
    // And closing the datastore closes the open one (the test would hang on its connection otherwise)
    await recorder.datastore.close()
    await open.listener.close()
  })
})
