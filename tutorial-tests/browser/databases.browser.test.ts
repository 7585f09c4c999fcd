/**
 * Part 3's SQLite (sql.js) and PostgreSQL (PGlite) blocks in Chromium: nothing of either loads before a run, the
 * first run shows PostgreSQL's loading progress, what they store is still there after a reload, "Reset databases"
 * deletes the databases and nothing else, and a database another tab holds is used in memory with a note.
 */
import type { BrowserContext, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser'
import { PlaygroundPage } from './playground-page'

const site = inject('siteUrl')
const PART_3 = `${site}/tutorial/part-3/`
/** A first run downloads and starts PostgreSQL (about 20 MB), which takes a while on a busy machine. */
const FIRST_RUN_MS = 120_000
const DATABASE_FILES = /pglite|initdb|sql-wasm/

let browser: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

describe('Part 3’s databases in the page', () => {
  it(
    'runs the SQLite and PostgreSQL blocks, finds their dogs after a reload, and deletes only the databases on Reset',
    async () => {
      const requests: string[] = []
      const onRequest = (request: Request) => requests.push(request.url())
      browser.on('request', onRequest)
      const page = await PlaygroundPage.open(browser, PART_3)
      page.page.on('dialog', (dialog) => void dialog.accept())
      // Nothing of either database loads with the page
      expect(requests.filter((url) => DATABASE_FILES.test(url))).toEqual([])

      // When the reader runs the SQLite block and the PostgreSQL block
      const sqlite = await page.blockWith("SQLITE_DBNAME: 'dogschool.db'", 'checkDogSchool(sqliteSchool')
      expect(await sqlite.run(FIRST_RUN_MS)).toBe('done')
      expect(await sqlite.output()).toContain('SQLite: passed')
      const postgres = await page.blockWith('checkDogSchool(pgliteSchool')
      expect(await postgres.run(FIRST_RUN_MS)).toBe('done')
      const output = await postgres.output()
      // Then PostgreSQL loaded only now, its progress shown in the block's output, and the checks passed
      expect(requests.filter((url) => /\/pglite-[^/]*\.wasm$/.test(url)).length).toBe(1)
      expect(output).toContain('PostgreSQL is ready: idb://dogschool, kept in this browser.')
      expect(output).toContain('PostgreSQL: passed')
      // and, after the run, its writes were stored in the browser
      await expect.poll(() => postgres.output()).toContain('Stored in this browser: idb://dogschool.')

      // When the reader reloads the page and runs the block that counts the dogs (after the blocks above it)
      await page.page.evaluate(() => localStorage.setItem('es-test-progress', 'kept'))
      await page.reload()
      const count = await page.blockWith('countDogs')
      expect(await count.run(FIRST_RUN_MS)).toBe('done')
      // Then each store remembers the dogs of the earlier runs (SQLite's block ran twice, once in PostgreSQL's
      // chain), besides the three of this run
      expect(await count.output()).toContain('SQLite remembers 9 dogs, PostgreSQL 6.')

      // When the reader resets the databases
      await count.root.getByRole('button', { name: 'Reset databases', exact: true }).click()
      await expect.poll(() => count.status(), { timeout: 30_000 }).toMatch(/^Deleted \d+ tutorial databases?\.$/)
      // Then the stores start again from nothing, and the reader's own data in localStorage is untouched
      expect(await count.run(FIRST_RUN_MS)).toBe('done')
      expect(await count.output()).toContain('SQLite remembers 3 dogs, PostgreSQL 3.')
      expect(await page.page.evaluate(() => localStorage.getItem('es-test-progress'))).toBe('kept')
      browser.off('request', onRequest)
      await page.page.close()
    },
    FIRST_RUN_MS * 4,
  )

  it(
    'uses a database that another tab holds in memory, and says so',
    async () => {
      // Given a tab that has the PostgreSQL database open
      const first = await PlaygroundPage.open(browser, PART_3)
      expect(await (await first.blockWith('checkDogSchool(pgliteSchool')).run(FIRST_RUN_MS)).toBe('done')
      // When a second tab runs the same block
      const second = await PlaygroundPage.open(browser, PART_3)
      const block = await second.blockWith('checkDogSchool(pgliteSchool')
      expect(await block.run(FIRST_RUN_MS)).toBe('done')
      // Then it ran on a copy in memory, and the note says why and what to do
      const output = await block.output()
      expect(output).toContain(
        'The database idb://dogschool is open in another tab of this site, so this tab uses a copy in memory',
      )
      expect(output).toContain('PostgreSQL: passed')
      await first.page.close()
      await second.page.close()
    },
    FIRST_RUN_MS * 3,
  )

  it(
    'goes on in memory, and says so, when the browser refuses to store the databases',
    async () => {
      // Given a fresh browser whose storage quota for the site is all but nothing
      const fresh = await launchBrowser()
      const page = await PlaygroundPage.open(fresh, PART_3)
      const cdp = await fresh.newCDPSession(page.page)
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(site).origin, quotaSize: 1 })
      try {
        // When the reader runs the PostgreSQL block
        const block = await page.blockWith('checkDogSchool(pgliteSchool')
        expect(await block.run(FIRST_RUN_MS)).toBe('done')
        // Then the run passed (SQLite's block ran first, in its chain), and the reader is told why each database
        // will not last, and what to do
        expect(await block.output()).toContain('PostgreSQL: passed')
        expect(await block.output()).toMatch(
          /The SQLite database dogschool\.db could not be kept in this browser's storage \(QuotaExceededError.*\), so this run keeps it in memory/,
        )
        await expect
          .poll(() => block.output(), { timeout: 60_000 })
          .toMatch(
            /The database idb:\/\/dogschool could not be kept in this browser.s storage \(QuotaExceededError.*\), so it lives in memory/,
          )
        // and the next run still works, in memory
        expect(await block.run(FIRST_RUN_MS)).toBe('done')
        expect(await block.output()).toContain('PostgreSQL: passed')
      } finally {
        await fresh.close()
      }
    },
    FIRST_RUN_MS * 3,
  )
})
