/**
 * The tutorial's graded exercises in Chromium, as a reader does them: the starting code fails, typing the
 * solution makes every test pass, and the completion (and the code) survive a reload. Part 5's projection runner
 * also runs in the page, importing `eventsourcing/projection` from the playground's runtime modules.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseSnippets } from '@eventsourcing/playground/shared'
import { launchBrowser } from './browser'
import { PlaygroundPage } from './playground-page'

const site = inject('siteUrl')
const TUTORIAL = path.resolve(import.meta.dirname, '../../docs/content/docs/tutorial')
let browser: BrowserContext

function exerciseOf(page: string, index = 0) {
  const file = path.join(TUTORIAL, `${page}.mdx`)
  return parseSnippets(readFileSync(file, 'utf8'), file).exercises[index]!
}

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe.each([
  ['part-1', 0, 4],
  ['part-2', 0, 5],
  ['part-2', 1, 5],
])('the %s exercise number %i', (page, index, testCount) => {
  it('fails with the starting code, passes with the solution typed in, and stays complete after a reload', async () => {
    const { solution } = exerciseOf(page, index)
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/${page}/`)
    tutorial.page.on('dialog', (dialog) => void dialog.accept())
    const exercise = tutorial.exercise(index)

    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).not.toContain(`${testCount} of ${testCount} tests passed.`)
    expect(await exercise.output()).toMatch(/^[✗!] /m)
    expect(await exercise.isComplete()).toBe(false)

    await exercise.edit(solution.code)
    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).toContain(`${testCount} of ${testCount} tests passed.`)
    expect(await exercise.isComplete()).toBe(true)

    await tutorial.page.reload()
    await tutorial.page.waitForFunction(() =>
      [...document.querySelectorAll('es-exercise')].every((e) => e.hasAttribute('data-ready')),
    )
    expect(await exercise.isComplete()).toBe(true)
    expect(await exercise.code()).toContain(solution.code.split('\n').find((line) => line.includes('@event('))!)

    await exercise.reset()
    // Reset asks first, then sets the editor's text: give a busy machine time for both.
    await expect.poll(() => exercise.code(), { timeout: 20_000 }).toBe(exerciseOf(page, index).start.code)
    expect(await exercise.isComplete()).toBe(true)
    await tutorial.page.close()
  })
})

describe('a "predict, then run" prompt', () => {
  it('keeps its answer closed until the reader opens it, and the block prints what the answer says', async () => {
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/part-1/`)
    const block = await tutorial.blockWith('console.log(dog.collectEvents().length, dog.version)')
    const answer = tutorial.page.locator('details', { hasText: 'It prints 0 2' })
    expect(await answer.getAttribute('open')).toBeNull()
    expect(await block.run()).toBe('done')
    expect(await block.output()).toMatch(/^0 2$/m)
    await answer.locator('summary').click()
    expect(await answer.getAttribute('open')).not.toBeNull()
    await tutorial.page.close()
  })
})

describe('the Part 3 scenario in the event explorer', () => {
  it('shows the 12 stored events, none from the rejected stale save, and Fido as he was at version 3', async () => {
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/part-3/`)
    const block = await tutorial.blockWith('await checkDogSchool(new DogSchool(), true)')
    expect(await block.run()).toBe('done')
    expect(await block.output()).toContain('in memory: passed')

    await block.openTab('Events')
    // The chain's first block made a DogSchool too; the scenario's is the second.
    const rows = await block.tableRows('DogSchool #2: notification log')
    expect(rows.map((row) => row[0])).toEqual(Array.from({ length: 12 }, (_, index) => String(index + 1)))
    expect(rows.map((row) => row[4]).join(' ')).not.toContain('future')

    await block.openTab('Aggregates')
    const slider = block.root.getByRole('slider', { name: 'Version' })
    await slider.focus()
    await tutorial.page.keyboard.press('Home')
    await tutorial.page.keyboard.press('ArrowRight')
    await tutorial.page.keyboard.press('ArrowRight')
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^Version 3 of 4, after TrickAdded/)
    const state = await block.tableRows(/^State after version/)
    const tricks = state.find(([key]) => key!.split(/\s/)[0] === 'tricks')
    expect(JSON.parse(tricks![1]!)).toEqual(['roll over', 'fetch ball'])
    await tutorial.page.close()
  })
})

describe('Part 5: Projections', () => {
  it('runs a projection runner in the page and reads the counts it waited for', async () => {
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/part-5/`)
    const block = await tutorial.blockWith('await runner.wait(last)')
    expect(await block.run()).toBe('done')
    expect(await block.output()).toContain('dogs 1 tricks 2')
    await tutorial.page.close()
  })

  it('the trick-count exercise fails with the starting code and passes with the solution typed in', async () => {
    const { solution } = exerciseOf('part-5')
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/part-5/`)
    const exercise = tutorial.exercise()

    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).not.toContain('4 of 4 tests passed.')
    expect(await exercise.output()).toMatch(/^[✗!] /m)
    expect(await exercise.isComplete()).toBe(false)

    await exercise.edit(solution.code)
    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).toContain('4 of 4 tests passed.')
    expect(await exercise.isComplete()).toBe(true)
    await tutorial.page.close()
  })
})
