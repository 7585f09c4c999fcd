/**
 * Part 4 in Chromium: the page's blocks import `eventsourcing/system` from the playground's runtime modules, the
 * single-threaded runner's check counts 3/0/0, 3/2/0 and 3/2/1, and the hall-of-fame exercise fails with its
 * starting code and passes once the solution is typed in.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseSnippets } from '@eventsourcing/playground/shared'
import { launchBrowser } from './browser'
import { PlaygroundPage } from './playground-page'

const site = inject('siteUrl')
const PART_4 = path.resolve(import.meta.dirname, '../../docs/content/docs/tutorial/part-4.mdx')
let browser: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('Part 4: Systems', () => {
  it('runs the system with the single-threaded runner in the page, counting 3/0/0, then 3/2/0, then 3/2/1', async () => {
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/part-4/`)
    const block = await tutorial.blockWith('await checkSystem(new SingleThreadedRunner(system))')
    expect(await block.run()).toBe('done')
    const lines = (await block.output()).split('\n').filter((line) => line.startsWith('roll over:'))
    expect(lines).toEqual([
      'roll over: 3, fetch ball: 0, play dead: 0',
      'roll over: 3, fetch ball: 2, play dead: 0',
      'roll over: 3, fetch ball: 2, play dead: 1',
    ])
    await tutorial.page.close()
  })

  it('the hall-of-fame exercise fails with the starting code and passes with the solution typed in', async () => {
    const { solution } = parseSnippets(readFileSync(PART_4, 'utf8'), PART_4).exercises[0]!
    const tutorial = await PlaygroundPage.open(browser, `${site}/tutorial/part-4/`)
    const exercise = tutorial.exercise()

    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).not.toContain('6 of 6 tests passed.')
    expect(await exercise.output()).toMatch(/^[✗!] /m)
    expect(await exercise.isComplete()).toBe(false)

    await exercise.edit(solution.code)
    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.output()).toContain('6 of 6 tests passed.')
    expect(await exercise.isComplete()).toBe(true)
    await tutorial.page.close()
  })
})
