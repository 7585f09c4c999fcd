/**
 * Progress across chapters, as a reader sees it: solving a chapter's last exercise prompts for the next chapter,
 * and the sidebar (on any page) and the chapter's own count show the exercises done, from the saved progress.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { parseSnippets } from '@eventsourcing/playground/shared'
import { launchBrowser } from './browser'
import { PlaygroundPage } from './playground-page'

const site = inject('siteUrl')
const TUTORIAL = path.resolve(import.meta.dirname, '../../docs/content/docs/tutorial')
let browser: BrowserContext

function solutionOf(page: string, index = 0): string {
  const file = path.join(TUTORIAL, `${page}.mdx`)
  return parseSnippets(readFileSync(file, 'utf8'), file).exercises[index]!.solution.code
}

const sidebarLink = (page: Page, chapter: string) => page.locator(`nav.sidebar a[href="/tutorial/${chapter}/"]`)
const indicator = (page: Page) => page.locator('.es-chapter-progress')

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('progress across chapters', () => {
  it('prompts for the next chapter when the last exercise passes, and marks the chapters in the sidebar', async () => {
    const part1 = await PlaygroundPage.open(browser, `${site}/tutorial/part-1/`)
    expect(await indicator(part1.page).textContent()).toBe('Exercises: 0 of 1 done')
    expect(await sidebarLink(part1.page, 'part-1').locator('.es-chapter-mark').count()).toBe(0)
    expect(await part1.page.locator('.es-next-chapter').count()).toBe(0)

    const exercise = part1.exercise()
    await exercise.edit(solutionOf('part-1'))
    expect(await exercise.runTests()).toBe('done')
    expect(await exercise.isComplete()).toBe(true)

    const prompt = part1.page.locator('.es-next-chapter')
    await expect.poll(() => prompt.count()).toBe(1)
    const next = prompt.getByRole('link', { name: 'Part 2: Aggregates' })
    expect(await next.getAttribute('href')).toMatch(/\/tutorial\/part-2\/$/)
    expect(await indicator(part1.page).textContent()).toBe('Exercises: 1 of 1 done')
    expect(await sidebarLink(part1.page, 'part-1').textContent()).toContain('✓')

    await next.click()
    await part1.page.waitForURL(/\/tutorial\/part-2\/$/)
    await part1.page.close()

    const part2 = await PlaygroundPage.open(browser, `${site}/tutorial/part-2/`)
    const done1 = sidebarLink(part2.page, 'part-1')
    expect(await done1.getAttribute('aria-current')).toBeNull()
    expect(await done1.textContent()).toContain('✓')
    expect(await part2.page.getByRole('link', { name: /^Part 1: Getting started\s*\(completed\)$/ }).count()).toBe(1)
    expect(await sidebarLink(part2.page, 'part-2').locator('.es-chapter-mark').count()).toBe(0)
    expect(await indicator(part2.page).textContent()).toBe('Exercises: 0 of 2 done')

    // One of Part 2's two exercises: the count updates, the sidebar says 1 of 2, and there is no prompt yet.
    const first = part2.exercise(0)
    await first.edit(solutionOf('part-2', 0))
    expect(await first.runTests()).toBe('done')
    expect(await first.isComplete()).toBe(true)
    await expect.poll(() => indicator(part2.page).textContent()).toBe('Exercises: 1 of 2 done')
    const link2 = part2.page.getByRole('link', { name: /^Part 2: Aggregates\s*\(1 of 2 exercises done\)$/ })
    expect(await link2.count()).toBe(1)
    expect(await link2.textContent()).toContain('1/2')
    expect(await part2.page.locator('.es-next-chapter').count()).toBe(0)
    await part2.page.close()

    // Another chapter's page shows both marks from the saved progress.
    const part3 = await browser.newPage()
    await part3.goto(`${site}/tutorial/part-3/`)
    await expect.poll(() => sidebarLink(part3, 'part-2').textContent()).toContain('1/2')
    expect(await sidebarLink(part3, 'part-1').textContent()).toContain('✓')
    await part3.close()
  }, 120_000)
})
