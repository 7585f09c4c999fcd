// Measures the tutorial site in headless Chromium against a fresh build served by `astro preview`, and prints a
// table against the targets of issue 3. No assertions: numbers for people, not a test.
//
//   npm run bench:site            (builds the library first: npm run build:lib)
//
// - build: wall time of `astro build`.
// - page JS: JavaScript a tutorial page loads before any interaction (gzip sizes, as a server would send them).
// - editor ready: from the first click into a block's code to Monaco on screen.
// - cold run: on a fresh profile, page loaded and idle, from the click on Run to the first output line.
// - warm run: median of 20 more Runs of the same block, click to first output line (and to the end of the run).
// - edited run: after an edit (so esbuild-wasm compiles it, warmed up in idle time once the editor appeared).
// - PostgreSQL block (Part 3, PGlite): on a fresh profile, the first run (downloading and starting PostgreSQL from
//   the local preview) to the end of the run, the bytes it downloaded, and the median of warm runs after the
//   database was stored and the page idle. The block runs after the page's earlier blocks, SQLite's included.
// The functions passed to page.evaluate run in the page, with the browser's globals:
/* global requestIdleCallback, setTimeout, document, performance, MutationObserver, PointerEvent, URL */
import { gzipSync } from 'node:zlib'
import { rmSync } from 'node:fs'
import { buildSite, previewSite } from '../tutorial-tests/browser/site.ts'
import { launchBrowser } from '../tutorial-tests/browser/browser.ts'
import { emitRow } from './rows.mjs'

const PAGE = '/tutorial/part-1/'
const WARM_RUNS = 20
const DATABASE_PAGE = '/tutorial/part-3/'
const DATABASE_BLOCK = 'checkDogSchool(pgliteSchool'
const DATABASE_WARM_RUNS = 10

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Waits until the page has been idle (no long task) for a while. */
async function idle(page) {
  await page.waitForLoadState('networkidle')
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const wait = () => requestIdleCallback(() => setTimeout(resolve, 200), { timeout: 2000 })
        wait()
      }),
  )
}

/** Clicks Run of the `index`-th block inside the page and times the first output line and the end of the run. */
function timeRun(page, index) {
  return page.evaluate(
    (index) =>
      new Promise((resolve) => {
        const block = document.querySelectorAll('es-playground')[index]
        delete block.dataset.outcome
        const started = performance.now()
        let firstOutput
        const observer = new MutationObserver(() => {
          if (firstOutput === undefined && block.querySelector('.es-output .es-line:not(.es-note)')) {
            firstOutput = performance.now() - started
          }
          const outcome = block.dataset.outcome
          if (outcome && outcome !== 'running') {
            observer.disconnect()
            resolve({
              firstOutput: firstOutput ?? performance.now() - started,
              done: performance.now() - started,
              outcome,
            })
          }
        })
        observer.observe(block, { subtree: true, childList: true, attributes: true })
        block.querySelector('.es-run-button').click()
      }),
    index,
  )
}

const format = (ms) => `${Math.round(ms)} ms`

const startedBuild = performance.now()
const outDir = await buildSite()
const buildMs = performance.now() - startedBuild
const server = await previewSite(outDir)
const url = server.url + PAGE
const rows = []
let scriptSizes = []
// The same figures as numbers, for `npm run bench`'s table (see rows.mjs).
const figures = {}

try {
  // Page JavaScript before interaction, and the cold run, on a fresh profile.
  const cold = await launchBrowser()
  const page = await cold.newPage()
  const scripts = new Map()
  page.on('response', async (response) => {
    const type = response.request().resourceType()
    if (type !== 'script' && !response.url().endsWith('.js')) return
    try {
      scripts.set(response.url(), await response.body())
    } catch {
      // A response without a body (a redirect) adds nothing.
    }
  })
  await page.goto(url)
  await idle(page)
  scriptSizes = [...scripts].map(([address, body]) => [new URL(address).pathname, gzipSync(body, { level: 6 }).length])
  const scriptBytes = scriptSizes.reduce((sum, [, bytes]) => sum + bytes, 0)
  const inlineBytes = await page.evaluate(() =>
    [...document.querySelectorAll('script:not([src])')]
      .filter((script) => !script.type || script.type === 'module' || script.type === 'text/javascript')
      .reduce((sum, script) => sum + script.textContent.length, 0),
  )
  figures.pageKiB = scriptBytes / 1024
  rows.push([
    'page JS before interaction (gzip)',
    `${(scriptBytes / 1024).toFixed(1)} KiB in ${scripts.size} files (+${(inlineBytes / 1024).toFixed(1)} KiB inline, raw)`,
    '<= 40 KiB',
  ])
  const coldRun = await timeRun(page, 0)
  figures.coldMs = coldRun.firstOutput
  rows.push([
    'cold run: click to first output',
    `${format(coldRun.firstOutput)} (run ended after ${format(coldRun.done)}, ${coldRun.outcome})`,
    '<= 400 ms',
  ])
  await cold.close()

  // Editor ready and warm runs, on another fresh profile.
  const warm = await launchBrowser()
  const page2 = await warm.newPage()
  await page2.goto(url)
  await idle(page2)
  const editorMs = await page2.evaluate(
    () =>
      new Promise((resolve) => {
        const block = document.querySelectorAll('es-playground')[0]
        const started = performance.now()
        const observer = new MutationObserver(() => {
          if (block.querySelector('.monaco-editor .view-line')) {
            observer.disconnect()
            resolve(performance.now() - started)
          }
        })
        observer.observe(block, { subtree: true, childList: true })
        block.querySelector('pre').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
      }),
  )
  figures.editorMs = editorMs
  rows.push(['editor ready after first click', format(editorMs), '-'])
  await idle(page2)
  await timeRun(page2, 0)
  const runs = []
  for (let i = 0; i < WARM_RUNS; i++) {
    await page2.waitForTimeout(300)
    runs.push(await timeRun(page2, 0))
  }
  await page2.locator('es-playground').first().locator('.view-lines').click()
  await page2.keyboard.press('ControlOrMeta+End')
  await page2.keyboard.type('\nconsole.log(dog.tricks.length)')
  await idle(page2)
  const edited = await timeRun(page2, 0)
  rows.push([
    'edited run: click to first output',
    `${format(edited.firstOutput)} (run ended after ${format(edited.done)}, ${edited.outcome})`,
    '-',
  ])
  figures.warmMs = median(runs.map((r) => r.firstOutput))
  figures.warmRuns = runs.map((r) => r.firstOutput)
  rows.push([
    `warm run median of ${WARM_RUNS}: click to first output`,
    `${format(median(runs.map((r) => r.firstOutput)))} (to the end of the run: ${format(median(runs.map((r) => r.done)))})`,
    '<= 30 ms',
  ])
  await warm.close()

  // Part 3's PostgreSQL block, on a fresh profile.
  const databases = await launchBrowser()
  const page3 = await databases.newPage()
  let downloaded = 0
  page3.on('response', async (response) => {
    try {
      downloaded += (await response.body()).length
    } catch {
      // A response without a body adds nothing.
    }
  })
  await page3.goto(server.url + DATABASE_PAGE)
  await idle(page3)
  const index = await page3.evaluate(
    (text) => [...document.querySelectorAll('es-playground')].findIndex((e) => e.dataset.code.includes(text)),
    DATABASE_BLOCK,
  )
  const beforeRun = downloaded
  const firstDatabaseRun = await timeRun(page3, index)
  const databaseBytes = downloaded - beforeRun
  const stored = async () =>
    page3.waitForFunction(
      (index) => document.querySelectorAll('es-playground')[index].innerText.includes('Stored in this browser'),
      index,
      { timeout: 120_000 },
    )
  await stored()
  const databaseRuns = []
  for (let i = 0; i < DATABASE_WARM_RUNS; i++) {
    await idle(page3)
    await page3.waitForTimeout(500)
    databaseRuns.push(await timeRun(page3, index))
    await stored()
  }
  await databases.close()
  figures.databaseColdMs = firstDatabaseRun.done
  figures.databaseBytes = databaseBytes
  figures.databaseWarmRuns = databaseRuns.map((r) => r.done)
  figures.databaseWarmMs = median(figures.databaseWarmRuns)
  rows.push([
    'PostgreSQL block, first run (WASM loaded)',
    `${format(firstDatabaseRun.done)} (${firstDatabaseRun.outcome}), ${(databaseBytes / 1e6).toFixed(1)} MB downloaded`,
    '<= 3000 ms',
  ])
  rows.push([
    `PostgreSQL block, warm run median of ${DATABASE_WARM_RUNS}`,
    `${format(figures.databaseWarmMs)} (${databaseRuns.map((r) => r.outcome).join(', ')})`,
    '<= 100 ms',
  ])
} finally {
  await server.stop()
  rmSync(outDir, { recursive: true, force: true })
}

rows.unshift(['astro build', format(buildMs), '-'])
const widths = [0, 1, 2].map((column) =>
  Math.max(...[['measure', 'value', 'target'], ...rows].map((row) => row[column].length)),
)
const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ')
console.log(line(['measure', 'value', 'target']))
console.log(widths.map((width) => '-'.repeat(width)).join('  '))
for (const row of rows) console.log(line(row))
console.log('\nJavaScript loaded before interaction (gzip bytes):')
for (const [name, bytes] of scriptSizes.sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(bytes).padStart(7)}  ${name}`)

const siteRow = (figure, unit, ours, target, extra = {}) =>
  emitRow({ part: 'site', figure, unit, better: 'lower', ours: ours ?? null, ...(target ? { target } : {}), ...extra })
siteRow('astro build', 'ms', buildMs)
siteRow('page JS before interaction, gzip', 'KiB', figures.pageKiB, {
  text: '<= 40 KiB',
  met: figures.pageKiB <= 40,
})
siteRow('cold run after idle: click to first output', 'ms', figures.coldMs, {
  text: '<= 400 ms',
  met: figures.coldMs <= 400,
})
siteRow('editor ready after the first click', 'ms', figures.editorMs)
siteRow(
  `warm run median of ${WARM_RUNS}: click to first output`,
  'ms',
  figures.warmMs,
  { text: '<= 30 ms', met: figures.warmMs <= 30 },
  { runs: figures.warmRuns },
)
siteRow('PostgreSQL block (Part 3): first run, WASM loaded, to the end of the run', 'ms', figures.databaseColdMs, {
  text: '<= 3000 ms',
  met: figures.databaseColdMs <= 3000,
  issue: 15,
})
siteRow('PostgreSQL block (Part 3): bytes downloaded by the first run', 'KiB', figures.databaseBytes / 1024)
siteRow(
  `PostgreSQL block (Part 3): warm run median of ${DATABASE_WARM_RUNS}, to the end of the run`,
  'ms',
  figures.databaseWarmMs,
  { text: '<= 100 ms', met: figures.databaseWarmMs <= 100, issue: 15 },
  { runs: figures.databaseWarmRuns },
)
