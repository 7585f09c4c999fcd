/**
 * The event explorer in Chromium, against this checkout's build: the Events tab lists the notification log of the
 * Part 1 application block, the Aggregates tab steps Fido through his versions (by mouse and by keyboard), a
 * forgotten save is listed as not saved, a block that makes nothing gets no tabs, a run stopped at the time limit
 * still shows what it stored, a narrow screen scrolls the tables inside the panel, a system shows both its
 * applications and how far the follower has processed its leader, and a view kept by a projection runner (the
 * program of `fixtures/projection.mdx`, typed into a block of the guide) shows its position, rows and marks.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { readPage } from '../support/pages'
import { launchBrowser } from './browser'
import { PlaygroundPage, type LiveBlock } from './playground-page'

const site = inject('siteUrl')
const PART_1 = `${site}/tutorial/part-1/`
const GUIDE = `${site}/guides/playground/`
let browser: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

/** The value of a property in the Aggregates tab's state table, parsed from its JSON. */
async function property(block: LiveBlock, name: string): Promise<unknown> {
  const rows = await block.tableRows(/^State after version/)
  const row = rows.find(([key]) => key!.split(/\s/)[0] === name)
  return row && JSON.parse(row[1]!)
}

describe('the event explorer', () => {
  it('lists the notification log of the Part 1 application block, and steps Fido through versions 1 to 3', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = await page.blockWith("registerDog('Fido')", "'fetch ball'")
    expect(await block.run()).toBe('done')

    // Events: one row per notification
    await block.openTab('Events')
    const rows = await block.tableRows('DogSchool: notification log')
    expect(rows.map(([id, aggregate, version, event]) => [id, aggregate, version, event])).toEqual([
      ['1', expect.stringMatching(/^Dog [0-9a-f]{8}…$/), '1', 'Registered'],
      ['2', expect.stringMatching(/^Dog [0-9a-f]{8}…$/), '2', 'TrickAdded'],
      ['3', expect.stringMatching(/^Dog [0-9a-f]{8}…$/), '3', 'TrickAdded'],
    ])
    expect(rows.map((row) => row[4])).toEqual(['{"name":"Fido"}', '{"trick":"roll over"}', '{"trick":"fetch ball"}'])
    expect(await block.root.locator('.es-aggregate').first().getAttribute('title')).toMatch(/^id [0-9a-f-]{36}$/)

    // Aggregates: the state after each version, by the Next button
    await block.openTab('Aggregates')
    const tricks = [await property(block, 'tricks')]
    for (let step = 0; step < 2; step++) {
      await block.root.getByRole('button', { name: 'Next' }).click()
      tricks.push(await property(block, 'tricks'))
    }
    expect(tricks).toEqual([[], ['roll over'], ['roll over', 'fetch ball']])
    expect(await block.root.locator('.es-changed').innerText()).toMatch(/^tricks\s+changed/)

    // … and by keyboard: the slider's Home and End, the tabs' arrow keys
    const slider = block.root.getByRole('slider', { name: 'Version' })
    await slider.focus()
    await page.page.keyboard.press('Home')
    expect(await slider.getAttribute('aria-valuetext')).toBe('Version 1 of 3, after Registered')
    expect(await property(block, 'tricks')).toEqual([])
    await page.page.keyboard.press('ArrowRight')
    expect(await property(block, 'tricks')).toEqual(['roll over'])
    await block.tab('Aggregates').focus()
    await page.page.keyboard.press('ArrowLeft')
    expect(await block.tab('Events').getAttribute('aria-selected')).toBe('true')
    await expect.poll(() => page.page.evaluate(() => document.activeElement?.textContent)).toBe('Events')
    await page.page.close()
  })

  it('lists the events of a forgotten save as not saved, and replays them after the saved ones', async () => {
    const page = await PlaygroundPage.open(browser, GUIDE)
    const block = await page.blockWith('No save:')
    expect(await block.run()).toBe('done')
    const events = await block.openTab('Events')
    expect(await events.innerText()).toContain('no application saved them')
    const unsaved = await block.tableRows('Not saved')
    expect(unsaved.map(([aggregate, version, event, fields]) => [aggregate, version, event, fields])).toEqual([
      [expect.stringMatching(/^Dog /), '2', 'TrickAdded', '{"trick":"roll over"}'],
    ])
    expect(await block.tableRows('DogSchool: notification log')).toHaveLength(1)

    await block.openTab('Aggregates')
    await block.root.getByRole('button', { name: 'Next' }).click()
    expect(await block.root.locator('.es-position').innerText()).toMatch(
      /^Version 2 of 2, after TrickAdded \(not saved\)/,
    )
    expect(await property(block, 'tricks')).toEqual(['roll over'])
    await page.page.close()
  })

  it('adds no tabs to a run that makes no application and leaves no unsaved event, and keeps the picked tab', async () => {
    const page = await PlaygroundPage.open(browser, GUIDE)
    const block = page.block(0)
    expect(await block.run()).toBe('done')
    await block.openTab('Events')
    await block.edit("console.log('no events')")
    expect(await block.run()).toBe('done')
    expect(await block.output()).toBe('no events')
    expect(await block.root.getByRole('tablist').isVisible()).toBe(false)
    expect(await block.tab('Events').count()).toBe(0)
    await block.reset()
    expect(await block.run()).toBe('done')
    // The reader picked Events before: it is shown again once the run has it.
    await expect.poll(() => block.tab('Events').getAttribute('aria-selected')).toBe('true')
    expect(await block.tableRows('Not saved')).toHaveLength(2)
    await page.page.close()
  })

  it('shows what a program waiting on a timer stored, when the time limit stops it', async () => {
    const page = await PlaygroundPage.open(browser, GUIDE)
    const block = await page.blockWith('No save:')
    await block.edit(
      "import { Application } from 'eventsourcing/application'\nconst app = new Application()\n" +
        "await app.save(new Dog({ name: 'Rex' }))\nsetInterval(() => {}, 1000)\n",
    )
    expect(await block.run()).toBe('timeout')
    await block.openTab('Events')
    expect((await block.tableRows('Application: notification log')).map((row) => row[3])).toEqual(['Registered'])
    await page.page.close()
  })

  it('keeps wide tables inside the panel on a narrow screen', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    await page.page.setViewportSize({ width: 360, height: 800 })
    const block = await page.blockWith("registerDog('Fido')", "'fetch ball'")
    expect(await block.run()).toBe('done')
    await block.openTab('Events')
    const scroll = block.root.getByRole('region', { name: 'DogSchool: notification log' })
    const sizes = await scroll.evaluate((element) => ({
      box: element.scrollWidth > element.clientWidth,
      page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    }))
    expect(sizes).toEqual({ box: true, page: true })
    await page.page.close()
  })

  it("shows a system's two logs, how far Counters has processed DogSchool, and which notifications it has", async () => {
    const page = await PlaygroundPage.open(browser, GUIDE)
    const block = await page.blockWith('SingleThreadedRunner', 'Counters')
    expect(await block.run()).toBe('done')
    expect(await block.output()).toContain('roll over: 2, position: 5')
    const events = await block.openTab('Events')

    // Counters' position in DogSchool's log, above its own log
    const follows = events.getByRole('list', { name: 'Applications Counters follows' })
    expect(await follows.innerText()).toBe('Counters has processed DogSchool up to notification 5 of 5.')

    // DogSchool's log marks each notification Counters has processed
    const school = block.root.getByRole('table', { name: 'DogSchool: notification log' })
    expect(await school.locator('thead th').allInnerTexts()).toEqual([
      'Id',
      'Processed by',
      'Aggregate',
      'Version',
      'Event',
      'Fields',
      'Time',
    ])
    const rows = await block.tableRows('DogSchool: notification log')
    expect(rows.map(([id, processed, , , event]) => [id, processed!.trim(), event])).toEqual([
      ['1', '✓ Counters', 'Registered'],
      ['2', '✓ Counters', 'TrickAdded'],
      ['3', '✓ Counters', 'TrickAdded'],
      ['4', '✓ Counters', 'Registered'],
      ['5', '✓ Counters', 'TrickAdded'],
    ])

    // Counters' own log, which no application follows: no Processed by column
    const counters = await block.tableRows('Counters: notification log')
    expect(counters.map(([id, aggregate, , event]) => [id, aggregate!.split(' ')[0], event])).toEqual([
      ['1', 'Counter', 'Created'],
      ['2', 'Counter', 'Incremented'],
      ['3', 'Counter', 'Created'],
      ['4', 'Counter', 'Incremented'],
      ['5', 'Counter', 'Incremented'],
    ])

    // On a narrow screen, the position line wraps and the page does not scroll sideways
    await page.page.setViewportSize({ width: 360, height: 800 })
    expect(
      await page.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).toBe(true)
    await page.page.close()
  })

  it("shows a view's position in DogSchool's log, its counts as rows, and marks the notifications it processed", async () => {
    // Given the guide's first block, replaced by the fixture's program: a projection runner keeping a view of counts
    const program = readPage('tutorial-tests/fixtures/projection.mdx').blocks[0]!.code
    const page = await PlaygroundPage.open(browser, GUIDE)
    const block = page.block(0)
    await block.paste(program)
    expect(await block.code()).toBe(program)
    expect(await block.run()).toBe('done')
    expect(await block.output()).toBe("Map(2) { 'dogs' => 2, 'tricks' => 2 }")
    const events = await block.openTab('Events')

    // The view's position in DogSchool's log, in a list named after the view
    const view = events.getByRole('region', { name: 'View DogCountsView' })
    const positions = view.getByRole('list', { name: 'Logs DogCountsView has processed' })
    expect(await positions.innerText()).toBe('DogCountsView has processed DogSchool up to notification 4 of 4.')

    // Its public Map of counts, as a key/value table
    expect(await block.tableRows('DogCountsView: counts')).toEqual([
      ['dogs', '2'],
      ['tricks', '2'],
    ])

    // DogSchool's log marks each notification the view has processed
    const rows = await block.tableRows('DogSchool: notification log')
    expect(rows.map(([id, processed, , , event]) => [id, processed!.trim(), event])).toEqual([
      ['1', '✓ DogCountsView', 'Registered'],
      ['2', '✓ DogCountsView', 'TrickAdded'],
      ['3', '✓ DogCountsView', 'TrickAdded'],
      ['4', '✓ DogCountsView', 'Registered'],
    ])
    await page.page.close()
  })
})
