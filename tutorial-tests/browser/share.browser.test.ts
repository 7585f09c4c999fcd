/**
 * Sharing a block by link, between two readers with browsers of their own: the sharer edits a block and presses
 * Share; the link opens the code in that block, marked as shared and not run; Run runs it and Back puts the
 * chapter's code back. Damaged links, links to blocks the page lacks and code too long for a link are explained, and
 * a shared exercise never touches the reader's own progress.
 */
import { randomBytes } from 'node:crypto'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser'
import { PlaygroundPage, type LiveBlock } from './playground-page'

const site = inject('siteUrl')
const PART_1 = `${site}/tutorial/part-1/`
let sharer: BrowserContext
let reader: BrowserContext

beforeAll(async () => {
  sharer = await launchBrowser()
  await sharer.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site })
  reader = await launchBrowser()
})

afterAll(async () => {
  await sharer?.close()
  await reader?.close()
})

/** Edits a block in the sharer's browser and shares it; resolves with the link. */
async function shareEdited(pick: (page: PlaygroundPage) => LiveBlock, edit: (code: string) => string): Promise<string> {
  const page = await PlaygroundPage.open(sharer, PART_1)
  const block = pick(page)
  await block.paste(edit(await block.code()))
  expect(await block.share()).toBe('Link copied: it opens this page with this code in this block.')
  const link = page.page.url()
  expect(await page.page.evaluate(() => navigator.clipboard.readText())).toBe(link)
  await page.page.close()
  return link
}

/** Opens a link in the reader's browser, recording every worker the page starts and every script it requests. */
async function openLink(link: string): Promise<{ page: PlaygroundPage; workers: string[]; scripts: string[] }> {
  const tab = await reader.newPage()
  const workers: string[] = []
  const scripts: string[] = []
  tab.on('worker', (worker) => workers.push(worker.url()))
  tab.on('request', (request) => {
    if (['script', 'other'].includes(request.resourceType())) scripts.push(request.url())
  })
  await tab.goto(link)
  await tab.waitForFunction(() =>
    [...document.querySelectorAll('es-playground:not([data-node-only]), es-exercise')].every((e) =>
      e.hasAttribute('data-ready'),
    ),
  )
  return { page: new PlaygroundPage(tab), workers, scripts }
}

const note = (page: Page) => page.locator('.es-share-note')

describe('sharing a block by link', () => {
  it('opens the shared code in its block, marked and not run; Run runs it, Back puts the chapter’s code back', async () => {
    // Given a reader who edited the eighth block of Part 1 and shared it
    const link = await shareEdited(
      (page) => page.block(7),
      (code) => `${code}\nconsole.log('shared by a friend')\n`,
    )
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tutorial\/part-1\/#share=[a-z0-9-]+\.[A-Za-z0-9_-]+$/)

    // When another reader opens the link
    const { page, workers, scripts } = await openLink(link)
    const block = page.block(7)
    const original = (await block.root.getAttribute('data-code'))!
    expect(link).toContain(`#share=${await block.root.getAttribute('data-block-id')}.`)

    // Then the block shows the shared code under the banner, scrolled into view, and nothing ran
    await expect.poll(() => block.sharedBanner().count()).toBe(1)
    expect(await block.sharedBanner().innerText()).toContain('Shared code')
    expect(await block.code()).toBe(`${original}\nconsole.log('shared by a friend')\n`)
    expect(await block.root.locator('pre').first().innerText()).toContain("console.log('shared by a friend')")
    expect(await block.root.evaluate((e) => e.getBoundingClientRect().top)).toBeLessThan(
      await page.page.evaluate(() => innerHeight),
    )
    expect(await block.root.evaluate((e) => e.getBoundingClientRect().bottom)).toBeGreaterThan(0)
    expect(await page.page.locator('es-playground[data-shared]').count()).toBe(1)
    expect(await page.page.locator('.es-output').count()).toBe(0)
    expect(await block.root.getAttribute('data-outcome')).toBeNull()
    expect(workers).toEqual([])
    expect(scripts.filter((url) => /worker|esbuild|monaco|run-coordinator/i.test(url))).toEqual([])

    // When the reader presses Run, the shared code runs after the blocks above it
    expect(await block.run()).toBe('done')
    expect(await block.output()).toContain('shared by a friend')
    expect(workers.length).toBeGreaterThan(0)

    // And Back puts back the chapter's code, without output, and takes the link out of the address
    await block.sharedBanner().getByRole('button', { name: "Back to the chapter's code" }).click()
    expect(await block.sharedBanner().count()).toBe(0)
    expect(await block.code()).toBe(original)
    expect(await block.root.locator('pre').first().innerText()).not.toContain('shared by a friend')
    expect(await block.root.locator('.es-run').isVisible()).toBe(false)
    expect(page.page.url()).toBe(PART_1)
    await page.page.close()
  })

  it('shows shared code that does not compile, and runs it only on Run, to a compile error', async () => {
    const link = await shareEdited(
      (page) => page.block(0),
      () => 'const broken = (\n',
    )
    const { page, workers } = await openLink(link)
    const block = page.block(0)
    await expect.poll(() => block.sharedBanner().count()).toBe(1)
    expect(await block.code()).toBe('const broken = (\n')
    expect(workers).toEqual([])
    expect(await block.run()).toBe('compile-error')
    expect(await block.status()).toBe('Did not run: the code does not compile.')
    await page.page.close()
  })

  it('explains a damaged link, an over-long one and one for a block the page lacks, and keeps the chapter’s code', async () => {
    const link = await shareEdited(
      (page) => page.block(0),
      (code) => `${code}\n// shared\n`,
    )
    const [address, fragment] = link.split('#')
    const payload = fragment!.slice(fragment!.indexOf('.') + 1)
    const cases: Array<[string, string]> = [
      [
        `${address}#${fragment!.slice(0, -10)}`,
        "This share link is damaged (it may have been cut off when it was copied), so the page shows the chapter's code. Ask for the whole link again.",
      ],
      [
        `${address}#share=a-block-since-removed-1.${payload}`,
        'This link shares code for a block ("a-block-since-removed-1") this page does not have (the chapter may have ' +
          "changed since the link was made), so the page shows the chapter's code. Ask for a new link.",
      ],
      [
        `${address}#share=top-1.${'A'.repeat(9_000)}`,
        "This share link is 9,013 characters long, more than the 8,000 a link may have, so the page shows the chapter's code.",
      ],
    ]
    for (const [url, message] of cases) {
      const { page, workers } = await openLink(url)
      await expect.poll(() => note(page.page).innerText()).toBe(message)
      expect(await page.page.locator('[data-shared]').count()).toBe(0)
      const edited = await page.page
        .locator('es-playground:not([data-node-only])')
        .evaluateAll(
          (blocks) =>
            blocks.filter((b) => (b as HTMLElement & { code: string }).code !== (b as HTMLElement).dataset.code).length,
        )
      expect(edited).toBe(0)
      expect(workers).toEqual([])
      await page.page.close()
    }
  })

  it('refuses to share code too long for a link, saying the limit, and makes no link', async () => {
    const page = await PlaygroundPage.open(sharer, PART_1)
    const block = page.block(0)
    // Random hex does not compress: 20,000 characters of it cannot pack into 8,000.
    await block.paste(`// ${randomBytes(10_000).toString('hex')}\n`)
    expect(await block.share()).toBe(
      'This code is too long to share by link: its 20,004 characters do not pack into the 8,000 characters a link ' +
        'may have. Shorten it, or send the code as text.',
    )
    expect(page.page.url()).toBe(PART_1)
    await page.page.close()
  })

  it('shows the link in a field to copy when the browser refuses to copy it', async () => {
    // Given a browser that denies this site the clipboard
    const page = await PlaygroundPage.open(reader, PART_1)
    const cdp = await reader.newCDPSession(page.page)
    await cdp.send('Browser.setPermission', {
      permission: { name: 'clipboard-write' },
      setting: 'denied',
      origin: site,
    })
    const block = page.block(0)
    await block.paste(`${await block.code()}\n// copied by hand\n`)
    // When the reader presses Share, the link is in a field, selected, and in the address bar
    expect(await block.share()).toBe('Copy this link (the browser did not let the page copy it):')
    const field = block.root.getByRole('textbox', { name: 'Share link' })
    expect(await field.inputValue()).toBe(page.page.url())
    expect(page.page.url()).toMatch(/#share=/)
    expect(await field.evaluate((input: HTMLInputElement) => input.selectionEnd! - input.selectionStart!)).toBe(
      page.page.url().length,
    )
    await page.page.close()
  })

  it('never replaces the reader’s own exercise code or completes the exercise with a shared solution', async () => {
    // Given a reader with their own attempt at Part 1's exercise, saved
    const own = await PlaygroundPage.open(reader, PART_1)
    const exercise = own.exercise()
    const key = await exercise.root.evaluate(
      (e) =>
        `eventsourcing-playground:exercise:${(e as HTMLElement).dataset.page}#${(e as HTMLElement).dataset.exercise}`,
    )
    const attempt = `// my own attempt\n${await exercise.root.getAttribute('data-start')}`
    await exercise.paste(attempt)
    const saved = () => own.page.evaluate((key) => localStorage.getItem(key), key)
    await expect.poll(saved).toBe(JSON.stringify({ code: attempt }))
    const solution = (await exercise.root.getAttribute('data-solution'))!
    await own.page.close()

    // And a helper who shares the solution
    const solutionLink = await shareEdited(
      (page) => page.exercise(),
      () => solution,
    )

    // When the reader opens the link, the solution shows, marked, and their saved code is untouched
    const { page } = await openLink(solutionLink)
    const shared = page.exercise()
    await expect.poll(() => shared.sharedBanner().count()).toBe(1)
    expect(await shared.code()).toBe(solution)
    expect(await page.page.evaluate((key) => localStorage.getItem(key), key)).toBe(JSON.stringify({ code: attempt }))

    // When they run its tests, they pass, but the exercise is not completed and nothing is saved
    expect(await shared.runTests()).toBe('done')
    expect(await shared.status()).toMatch(/^(\d+) of \1 tests? passed with the shared code, which does not count/)
    expect(await shared.isComplete()).toBe(false)
    expect(await page.page.locator('.es-chapter-progress').innerText()).toBe('Exercises: 0 of 1 done')
    expect(await page.page.evaluate((key) => localStorage.getItem(key), key)).toBe(JSON.stringify({ code: attempt }))

    // And Back to your code shows their own attempt again
    await shared.sharedBanner().getByRole('button', { name: 'Back to your code' }).click()
    expect(await shared.code()).toBe(attempt)
    expect(await shared.sharedBanner().count()).toBe(0)
    await page.page.close()
  })
})
