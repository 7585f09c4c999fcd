/** Page objects for the playground: a page of live blocks, one live block, one exercise. */
import type { BrowserContext, Locator, Page } from 'playwright-core'

/** A page of the site with live blocks. */
export class PlaygroundPage {
  constructor(readonly page: Page) {}

  /** Opens a page and waits until its live blocks are interactive. */
  static async open(context: BrowserContext, url: string): Promise<PlaygroundPage> {
    const page = new PlaygroundPage(await context.newPage())
    await page.page.goto(url)
    await page.ready()
    return page
  }

  /** Reloads the page and waits until its live blocks are interactive again. */
  async reload(): Promise<void> {
    await this.page.reload()
    await this.ready()
  }

  private async ready(): Promise<void> {
    await this.page.waitForFunction(() =>
      [...document.querySelectorAll('es-playground:not([data-node-only]), es-exercise')].every((e) =>
        e.hasAttribute('data-ready'),
      ),
    )
  }

  /** The `index`-th live block of the page (0-based, hidden setup blocks not counted). */
  block(index: number): LiveBlock {
    return new LiveBlock(this.page, this.page.locator('es-playground').nth(index))
  }

  /** The first live block whose code contains every one of `texts` (blocks are found by their text, not position). */
  async blockWith(...texts: string[]): Promise<LiveBlock> {
    const index = await this.page
      .locator('es-playground')
      .evaluateAll(
        (elements, texts) =>
          elements.findIndex((e) => texts.every((t) => (e as HTMLElement).dataset.code?.includes(t))),
        texts,
      )
    if (index < 0) throw new Error(`No live block of ${this.page.url()} contains ${texts.join(' and ')}.`)
    return this.block(index)
  }

  /** The `index`-th exercise of the page. */
  exercise(index = 0): ExerciseBlock {
    return new ExerciseBlock(this.page, this.page.locator('es-exercise').nth(index))
  }
}

/** A live block. */
export class LiveBlock {
  constructor(
    readonly page: Page,
    readonly root: Locator,
  ) {}

  /** Opens the editor (clicking the code, as a reader does) and replaces the code. */
  async edit(code: string): Promise<void> {
    await this.clearEditor()
    await this.page.keyboard.insertText(code)
  }

  /**
   * Opens the editor and replaces the code by pasting it, as a reader pastes a program: typed, a program's indented
   * lines would be indented again by the editor.
   */
  async paste(code: string): Promise<void> {
    await this.clearEditor()
    await this.page.evaluate((text) => {
      const clipboardData = new DataTransfer()
      clipboardData.setData('text/plain', text)
      const paste = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true })
      document.activeElement!.dispatchEvent(paste)
    }, code)
  }

  /** Opens the editor (clicking the code, as a reader does) and deletes its code. */
  private async clearEditor(): Promise<void> {
    const editor = this.root.locator('.monaco-editor')
    if (!(await editor.isVisible())) await this.root.locator('pre').first().click()
    await editor.waitFor()
    await editor.locator('.view-lines').click()
    await this.page.keyboard.press('ControlOrMeta+A')
    await this.page.keyboard.press('Delete')
  }

  /** The code the block would run now. */
  code(): Promise<string> {
    return this.root.evaluate((element) => (element as HTMLElement & { code: string }).code)
  }

  /** Clicks a toolbar button and waits (up to `timeoutMs`) for the run it starts to end; returns how it ended. */
  protected async runWith(button: Locator, timeoutMs = 30_000): Promise<string> {
    await this.root.evaluate((element: HTMLElement) => delete element.dataset.outcome)
    await button.click()
    const handle = await this.root.elementHandle()
    await this.page.waitForFunction(
      (element) => !!element && !['', 'running'].includes((element as HTMLElement).dataset.outcome ?? ''),
      handle,
      { timeout: timeoutMs },
    )
    return (await this.root.getAttribute('data-outcome')) ?? ''
  }

  /**
   * Runs the block; resolves with the outcome (`done`, `failed`, `timeout` …). Give a longer `timeoutMs` to a run
   * that first loads a database's WASM.
   */
  run(timeoutMs?: number): Promise<string> {
    return this.runWith(this.root.getByRole('button', { name: 'Run', exact: true }), timeoutMs)
  }

  reset(): Promise<void> {
    return this.root.getByRole('button', { name: 'Reset', exact: true }).click()
  }

  /** The run panel's text. */
  output(): Promise<string> {
    return this.root.locator('.es-output').innerText()
  }

  /** A tab of the run panel (Output, Events, Aggregates). */
  tab(name: string): Locator {
    return this.root.getByRole('tab', { name, exact: true })
  }

  /** Shows a tab of the run panel, once the run has added it, and returns its panel. */
  async openTab(name: string): Promise<Locator> {
    await this.tab(name).click()
    return this.root.getByRole('tabpanel', { name, exact: true })
  }

  /** The cell texts of each row of the run panel's table captioned `caption`. */
  tableRows(caption: string | RegExp): Promise<string[][]> {
    return this.root
      .getByRole('table', { name: caption })
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...(row as HTMLTableRowElement).cells].map((cell) => cell.innerText)))
  }

  /** Presses Share and resolves with what the block then says (link copied, or why there is no link). */
  async share(): Promise<string> {
    const result = this.root.locator('.es-share-result')
    await result.evaluateAll((elements) => elements.forEach((element) => element.remove()))
    await this.root.getByRole('button', { name: 'Share', exact: true }).click()
    return (await result.innerText()).trim()
  }

  /** The banner over code opened from a share link. */
  sharedBanner(): Locator {
    return this.root.locator('.es-shared')
  }

  /** The status line. */
  status(): Promise<string> {
    return this.root.getByRole('status').innerText()
  }

  /** The type errors the editor underlines. */
  errorMarkers(): Locator {
    return this.root.locator('.squiggly-error')
  }
}

/** An exercise. */
export class ExerciseBlock extends LiveBlock {
  runTests(): Promise<string> {
    return this.runWith(this.root.getByRole('button', { name: 'Run tests' }))
  }

  async isComplete(): Promise<boolean> {
    return (await this.root.getAttribute('data-complete')) !== null
  }
}
