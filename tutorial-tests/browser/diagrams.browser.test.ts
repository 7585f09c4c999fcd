/**
 * The diagrams (docs/components/diagrams/) in Chromium: each is on its page as an image named by its title,
 * described in words, with its labels as real text, and drawn in the theme's colours in light and dark alike.
 */
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser'

const site = inject('siteUrl')
let browser: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

const DIAGRAMS = [
  { page: 'tutorial/part-1', name: 'Folding events into state', words: ['Registered', 'TrickAdded', 'Dog, version 2'] },
  { page: 'tutorial/part-3', name: 'From an application to the database tables', words: ['Transcoder', 'Cipher'] },
  { page: 'modules/persistence', name: 'From an application to the database tables', words: ['Recorder', 'Tables'] },
  { page: 'tutorial/part-4', name: 'A notification log and its followers', words: ['Counters', 'DogCounts'] },
  { page: 'tutorial/part-5', name: 'A notification log and its followers', words: ['Counters', 'DogCounts'] },
]

describe.each(DIAGRAMS)('the diagram on $page', ({ page: path, name, words }) => {
  it('is an image with its accessible name, a description and its words as text, in the theme of each scheme', async () => {
    const textColours: string[] = []
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`${site}/${path}/`)
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme)

      const diagram = page.getByRole('img', { name, exact: true })
      await diagram.scrollIntoViewIfNeeded()
      expect(await diagram.isVisible()).toBe(true)
      const box = await diagram.boundingBox()
      expect(box!.width).toBeGreaterThan(300)
      const description = await diagram.evaluate(
        (svg) => document.getElementById(svg.getAttribute('aria-describedby') ?? '')?.textContent ?? '',
      )
      expect(description.length).toBeGreaterThan(100)
      const text = await diagram.locator('text').allTextContents()
      for (const word of words) expect(text.join(' ')).toContain(word)

      // The labels are drawn in the page's text colour, which the theme sets.
      const [fill, pageText] = await diagram.evaluate((svg) => [
        getComputedStyle(svg.querySelector('text.strong')!).fill,
        getComputedStyle(document.querySelector('main')!).color,
      ])
      expect(fill).toBe(pageText)
      textColours.push(fill)
      await page.close()
    }
    expect(textColours[0]).not.toBe(textColours[1])
  })
})
