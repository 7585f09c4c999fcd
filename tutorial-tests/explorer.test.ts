/**
 * The event explorer's data for real blocks of the site, run as the page runs them (compiled chain, runtime
 * modules, fresh worker): what the Events and Aggregates tabs get. The browser test checks the tabs themselves.
 */
import { describe, expect, it } from 'vitest'
import { chainParts, readPage } from './support/pages'
import { runChain } from './support/node-runner'

/** Runs the first live block of a page whose code contains every one of `texts`. */
async function runBlock(file: string, ...texts: string[]) {
  const page = readPage(file)
  const block = page.blocks.find((b) => texts.every((text) => b.code.includes(text)))
  if (!block) throw new Error(`${file} has no live block containing ${texts.join(' and ')}.`)
  const { parts, labels } = chainParts(page, block)
  const run = await runChain(parts, { labels })
  expect(run.outcome).toBe('done')
  return run.snapshot!
}

describe('the event explorer of a run', () => {
  it("shows the Part 1 application block's notification log, and replays Fido version by version", async () => {
    const snapshot = await runBlock('docs/content/docs/tutorial/part-1.mdx', "registerDog('Fido')", "'fetch ball'")
    const log = snapshot.applications.find((application) => application.name === 'DogSchool')!
    expect(log.events.map((row) => [row.notificationId, row.aggregateClass, row.version, row.name])).toEqual([
      [1, 'Dog', 1, 'Registered'],
      [2, 'Dog', 2, 'TrickAdded'],
      [3, 'Dog', 3, 'TrickAdded'],
    ])
    const fido = snapshot.aggregates.find((aggregate) => aggregate.states[0]?.state['name'] === 'Fido')!
    expect(fido.states.map((state) => state.state['tricks'])).toEqual([[], ['roll over'], ['roll over', 'fetch ball']])
    expect(snapshot.unsaved).toEqual([])
  })

  it('reports what a program stored before an uncaught error ended it', async () => {
    const code = [
      "import { Aggregate, event } from 'eventsourcing/domain'",
      "import { Application } from 'eventsourcing/application'",
      "@event('Opened') class Account extends Aggregate {}",
      'class Bank extends Application {}',
      'await new Bank().save(new Account())',
      "throw new Error('after saving')",
    ].join('\n')
    const run = await runChain([{ code }], { labels: [{ label: 'this block', lineOffset: 0 }] })
    expect(run.outcome).toBe('failed')
    expect(run.errors[0]!.message).toBe('after saving')
    expect(run.snapshot!.applications[0]!.events.map((row) => [row.aggregateClass, row.name])).toEqual([
      ['Account', 'Opened'],
    ])
    expect(run.events.findIndex((e) => e.type === 'instrumentation')).toBeLessThan(
      run.events.findIndex((e) => e.type === 'done'),
    )
  })

  it("lists the guide's forgotten save as not saved, and not the unsaved dog of the block above", async () => {
    const snapshot = await runBlock('docs/content/docs/guides/playground.mdx', 'No save:')
    expect(snapshot.applications[0]!.events.map((row) => row.name)).toEqual(['Registered'])
    expect(snapshot.unsaved).toHaveLength(1)
    expect(snapshot.unsaved[0]!.events.map((row) => [row.version, row.name, row.fields])).toEqual([
      [2, 'TrickAdded', { trick: 'roll over' }],
    ])
    expect(snapshot.aggregates[0]!.states.map((state) => [state.state['tricks'], state.saved])).toEqual([
      [[], true],
      [['roll over'], false],
    ])
  })
})
