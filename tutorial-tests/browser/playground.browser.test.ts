/**
 * The playground in Chromium, against this checkout's build: edit and run a block, see type errors underlined,
 * stop an endless loop, reset, read the code without JavaScript, and complete an exercise.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser'
import { PlaygroundPage } from './playground-page'

const site = inject('siteUrl')
const PART_1 = `${site}/tutorial/part-1/`
let browser: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('a live block', () => {
  it('runs the edited code and shows its output', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = page.block(0)
    await block.edit((await block.code()).replaceAll("'roll over'", "'sit'"))
    expect(await block.run()).toBe('done')
    expect(await block.output()).toBe("Fido knows [ 'sit' ]")
    expect(await block.status()).toMatch(/^Done in \d+ ms\.$/)
    await page.page.close()
  })

  it('runs after the earlier blocks of the page, with Ctrl+Enter too', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = page.block(7)
    await block.root.locator('pre').first().click()
    await block.root.locator('.monaco-editor').waitFor()
    await block.root.evaluate((element: HTMLElement) => delete element.dataset.outcome)
    await page.page.keyboard.press('ControlOrMeta+Enter')
    await page.page.waitForFunction(
      () => document.querySelectorAll('es-playground')[7]?.getAttribute('data-outcome') === 'done',
    )
    expect(await block.output()).toContain("{ name: 'Fido', tricks: [ 'roll over', 'fetch ball' ] }")
    await page.page.close()
  })

  it('underlines a type error, and still runs the code', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = page.block(1)
    await block.edit(`${await block.code()}\nconst count: number = 'three'\nconsole.log(count)\n`)
    await expect.poll(() => block.errorMarkers().count(), { timeout: 30_000 }).toBeGreaterThan(0)
    expect(await block.run()).toBe('done')
    expect(await block.output()).toContain('three')
    await page.page.close()
  })

  it('stops an endless loop at the time limit, and the page still answers', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = page.block(0)
    await block.edit("console.log('looping')\nwhile (true) {}\n")
    const started = Date.now()
    expect(await block.run()).toBe('timeout')
    // Not a speed check: an endless loop that was not stopped would never get here; the bound only catches a
    // limit that is far off, with room for a busy machine.
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(await block.status()).toBe('Stopped: the time limit of 5 s was reached.')
    expect(await block.output()).toContain('looping')
    expect(await page.page.evaluate(() => 6 * 7)).toBe(42)
    await block.reset()
    expect(await block.run()).toBe('done')
    expect(await block.output()).toBe("Fido knows [ 'roll over' ]")
    await page.page.close()
  })

  it('puts back the page’s code on Reset', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = page.block(0)
    const original = await block.code()
    await block.edit('console.log(1)')
    expect(await block.code()).toBe('console.log(1)')
    await block.reset()
    expect(await block.code()).toBe(original)
    await page.page.close()
  })

  it('shows a thrown error at the reader’s line', async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    const block = page.block(0)
    await block.edit("console.log('one')\n\nthrow new RangeError('too far')\n")
    expect(await block.run()).toBe('failed')
    expect(await block.output()).toContain('Uncaught RangeError: too far (line 3, column 7)')
    await page.page.close()
  })
})

describe('without JavaScript', () => {
  it('shows the code of every block, highlighted, and the expected output', async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false })
    const page = await noScript.newPage()
    await page.goto(PART_1)
    const code = await page.locator('es-playground pre').first().innerText()
    expect(code).toContain('class Dog {')
    expect(await page.locator('es-playground').nth(1).locator('pre').first().innerText()).toContain(
      'class Dog extends Aggregate {',
    )
    expect(await page.locator('es-playground').count()).toBe(11)
    expect(await page.getByRole('button', { name: 'Run', exact: true }).count()).toBe(0)
    expect(await page.locator('.es-expected').first().innerText()).toContain("Fido knows [ 'roll over' ]")
    await noScript.close()
  })
})

describe('an exercise', () => {
  it('is completed with the solution, and stays complete after a reload', async () => {
    const page = await PlaygroundPage.open(browser, `${site}/guides/playground/`)
    page.page.on('dialog', (dialog) => void dialog.accept())
    const exercise = page.exercise()
    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).toContain('✓ a new counter is at zero')
    expect(await exercise.isComplete()).toBe(false)
    await exercise.root.getByRole('button', { name: 'Show solution' }).click()
    await expect.poll(() => exercise.code(), { timeout: 30_000 }).toContain('increment()')
    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).toContain('2 of 2 tests passed.')
    expect(await exercise.isComplete()).toBe(true)
    await page.page.reload()
    await page.page.waitForFunction(() => document.querySelector('es-exercise')?.hasAttribute('data-ready'))
    expect(await exercise.isComplete()).toBe(true)
    expect(await exercise.code()).toContain('increment()')
    await page.page.close()
  })
})
