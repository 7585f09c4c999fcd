/**
 * The API reference (generated from the TSDoc at build time, docs/api-reference/) in Chromium: a module page links
 * to its reference, the reference is in the sidebar, search finds its pages, and its pages load no more
 * JavaScript before interaction than the 40 KiB (gzip) budget of the tutorial pages.
 */
import { gzipSync } from 'node:zlib'
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

describe('the API reference', () => {
  it("is linked from the module's page, and lists the module's exports", async () => {
    const page = await browser.newPage()
    await page.goto(`${site}/modules/domain/`)
    await page.getByRole('main').getByRole('link', { name: 'eventsourcing/domain', exact: true }).click()
    await page.waitForURL(`${site}/api/domain/`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('domain')
    await page.getByRole('main').getByRole('link', { name: 'Aggregate', exact: true }).click()
    await page.waitForURL(`${site}/api/domain/classes/aggregate/`)
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Aggregate')
    await page.close()
  })

  it('is a group of the sidebar', async () => {
    const page = await browser.newPage()
    await page.goto(`${site}/tutorial/part-1/`)
    const sidebar = page.getByRole('navigation', { name: 'Main' })
    expect(await sidebar.getByText('API reference', { exact: true }).count()).toBe(1)
    await page.close()
  })

  it("is found by search: a protected hook's name finds the Application class's page", async () => {
    const page = await browser.newPage()
    await page.goto(`${site}/`)
    // The search button opens its dialog once Starlight's script has defined the element.
    await page.waitForFunction(() => customElements.get('site-search') !== undefined)
    await page.locator('button[data-open-modal]').click()
    await page.getByRole('dialog').getByRole('textbox', { name: 'Search' }).fill('constructMapper')
    const result = page.getByRole('dialog').locator('a[href*="/api/application/classes/application/"]').first()
    await result.waitFor({ timeout: 15_000 })
    await page.close()
  })

  it('loads at most 40 KiB (gzip) of JavaScript before interaction on a reference page', async () => {
    const page = await browser.newPage()
    const scripts = new Map<string, Buffer>()
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script' && !response.url().endsWith('.js')) return
      try {
        scripts.set(response.url(), await response.body())
      } catch {
        // A response without a body (a redirect) adds nothing.
      }
    })
    await page.goto(`${site}/api/application/classes/application/`)
    await page.waitForLoadState('networkidle')
    const bytes = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body, { level: 6 }).length, 0)
    expect(bytes / 1024).toBeLessThanOrEqual(40)
    await page.close()
  })
})
