/**
 * The page's PostgreSQL databases as a run reaches them: the database server (`playground/host/database-server.ts`)
 * and a run's remote PGlite (`playground/worker/remote-pglite.ts`) on one channel, over a real PGlite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { serveDatabases, type DatabaseServer, type ServedDatabase } from '@eventsourcing/playground/host'
import type { MessageChannelLike } from '@eventsourcing/playground/shared'
import { connectDatabases, type RemotePglite } from '@eventsourcing/playground/worker'

const name = `database-server-test-${process.pid}`
const channels: BroadcastChannel[] = []
const channel = () => {
  const opened = new BroadcastChannel(name)
  channels.push(opened)
  return opened as unknown as MessageChannelLike
}
let server: DatabaseServer
let opened = 0
let db: RemotePglite
let other: RemotePglite

beforeAll(async () => {
  server = serveDatabases(
    channel(),
    async () => {
      opened++
      return (await PGlite.create()) as unknown as ServedDatabase
    },
    { leaseMs: 300 },
  )
  db = connectDatabases(channel()).database('idb://tests')
  other = connectDatabases(channel()).database('idb://tests')
  await db.waitReady
  await db.exec('CREATE TABLE dogs (name text PRIMARY KEY, photo bytea)')
}, 60_000)

afterAll(async () => {
  await server.closeAll()
  for (const opened of channels) opened.close()
})

describe('the page’s databases, reached over the database channel', () => {
  it('opens a database once for every client and run that names it', async () => {
    await other.waitReady
    expect(opened).toBe(1)
  })

  it('answers queries with parameters, bytes and rows as arrays, as PGlite does', async () => {
    await db.query('INSERT INTO dogs VALUES ($1, $2)', ['Fido', new Uint8Array([1, 2, 3])])
    const { rows } = await other.query('SELECT name, photo FROM dogs WHERE name = $1', ['Fido'], { rowMode: 'array' })
    expect(rows).toEqual([['Fido', new Uint8Array([1, 2, 3])]])
  })

  it('commits a transaction whose work succeeds, and rolls back one whose work throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO dogs (name) VALUES ($1)', ['Millie'])
    })
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO dogs (name) VALUES ($1)', ['Scrappy'])
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const { rows } = await other.query('SELECT name FROM dogs ORDER BY name')
    expect(rows.map((row) => (row as { name: string }).name)).toEqual(['Fido', 'Millie'])
  })

  it('gives a database error with its SQLSTATE, table and detail, which error translation reads', async () => {
    const error = await db.query('INSERT INTO dogs (name) VALUES ($1)', ['Fido']).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: '23505', table: 'dogs', detail: 'Key (name)=(Fido) already exists.' })
  })

  it('keeps another client’s queries out of an open transaction until it ends', async () => {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const writing = db.transaction(async (tx) => {
      await tx.query('INSERT INTO dogs (name) VALUES ($1)', ['Rex'])
      await held
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    let read = false
    const reading = other.query('SELECT count(*)::int AS n FROM dogs').then((result) => {
      read = true
      return result
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(read).toBe(false)
    release()
    await writing
    expect((await reading).rows).toEqual([{ n: 3 }])
  })

  it('rolls back the transaction of a client that went silent (its run was stopped), and serves the others', async () => {
    const abandoned = db.transaction(async (tx) => {
      await tx.query('INSERT INTO dogs (name) VALUES ($1)', ['Ghost'])
      await new Promise((resolve) => setTimeout(resolve, 600))
      await tx.query('SELECT 1')
    })
    await expect(abandoned).rejects.toThrow(/no longer open: it heard nothing for 300 ms and was rolled back/)
    const { rows } = await other.query('SELECT name FROM dogs WHERE name = $1', ['Ghost'])
    expect(rows).toEqual([])
  })

  it('delivers a notification to the clients listening on its channel when the transaction commits', async () => {
    const heard: string[] = []
    await other.listen('dogs_changed', (payload) => heard.push(payload))
    await db.transaction(async (tx) => {
      await tx.query("SELECT pg_notify('dogs_changed', '7')")
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(heard).toEqual([])
    })
    await expect.poll(() => heard).toEqual(['7'])
  })
})
