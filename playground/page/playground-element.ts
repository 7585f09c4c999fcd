// Browser only.
/**
 * `<es-playground>`: a live block. The server renders the highlighted code (readable without JavaScript); this
 * element adds Run and Reset, turns the code into an editor when the reader starts to edit (Monaco, loaded on
 * that first interaction; a textarea on touch devices), and runs the block after the earlier blocks of its group.
 * Share puts the block's code in a link (`share.ts`).
 * Kept small, because it loads with the page: running, compiling, the editor and sharing are lazy chunks.
 * `<es-snippet hidden>` holds a hidden setup block's code.
 */
import { messages } from '../shared/messages'
import type { CodeEditor } from './editor/code-editor'
import type { MonacoEditorOptions } from './editor/monaco-editor'
import type { OutputPanel, PageRunInput } from './run-coordinator'
import type { PartLabel, RunOutcome } from '../shared/protocol'

type RunCoordinator = typeof import('./run-coordinator')
let coordinator: Promise<RunCoordinator> | undefined
/** The running side of the playground (`run-coordinator.ts`), loaded once. */
export const loadRunCoordinator = (): Promise<RunCoordinator> => (coordinator ??= import('./run-coordinator'))

/** What an element asks of a run: the page run's input, less what the element itself provides. */
export type ElementRunInput = Omit<PageRunInput, 'panel' | 'onLocate' | 'onStatus'>

const isTouch = () => matchMedia('(pointer: coarse)').matches

/** Loads an editor for a block: Monaco on desktop, a textarea on touch devices or if Monaco fails. */
export async function loadEditor(options: MonacoEditorOptions): Promise<CodeEditor> {
  const { createTextareaEditor } = await import('./editor/code-editor')
  if (isTouch()) return createTextareaEditor(options)
  try {
    const { createMonacoEditor } = await import('./editor/monaco-editor')
    return await createMonacoEditor(options)
  } catch (error) {
    console.error(messages.editorFailed(String(error)))
    return createTextareaEditor(options)
  }
}

/** The shared behaviour of live code elements: toolbar, editor on demand, run panel. */
export abstract class LiveCodeElement extends HTMLElement {
  protected original = ''
  /** The code to show before the editor exists, when it differs from the page's (a saved exercise, shared code). */
  protected draft: string | undefined
  /** The banner over code from a share link (`share.ts`), while the block shows it; nothing is saved meanwhile. */
  protected sharedBanner: HTMLElement | undefined
  /** The server's highlighted code, kept while plain text (a draft) stands in for it. */
  #highlighted: Node[] | undefined
  protected editor: CodeEditor | undefined
  protected editorLoading: Promise<CodeEditor> | undefined
  protected panel: OutputPanel | undefined
  protected toolbar!: HTMLElement
  protected status!: HTMLElement
  protected runHost!: HTMLElement

  /** The code the element runs now: the editor's, or the page's until the reader edits. */
  get code(): string {
    return this.editor?.getValue() ?? this.draft ?? this.original
  }

  /** The highlighted code the server rendered. */
  protected get codeView(): HTMLElement | null {
    return this.querySelector(':scope > .expressive-code')
  }

  /** The code of the blocks this one runs after. */
  protected earlierCode(): string[] {
    return []
  }

  protected abstract run(): void

  /** The reader's own code for this block: the page's (`undefined`) unless they saved an edit. */
  protected ownCode(): string | undefined {
    return undefined
  }

  /** Shows `code` (`undefined`: the page's) in the editor, or as plain text in place of the highlighted code. */
  protected showCode(code: string | undefined): void {
    this.draft = code
    if (this.editor) return this.editor.setValue(code ?? this.original)
    const pre = this.codeView?.querySelector('pre')
    if (!pre) return
    this.#highlighted ??= [...pre.childNodes]
    const text = Object.assign(document.createElement('code'), { className: 'es-draft', textContent: code })
    pre.replaceChildren(...(code === undefined ? this.#highlighted : [text]))
  }

  /** Shows code from a share link under `banner`, without running it; the reader's own code stays saved. */
  showShared(banner: HTMLElement, code: string): void {
    this.sharedBanner?.remove()
    this.sharedBanner = banner
    this.dataset.shared = ''
    this.prepend(banner)
    this.showCode(code)
  }

  /** Removes the shared-code banner, and the share link from the address (the code shown stays). */
  protected leaveShared(): void {
    if (!this.sharedBanner) return
    this.sharedBanner.remove()
    this.sharedBanner = undefined
    delete this.dataset.shared
    history.replaceState(history.state, '', location.pathname + location.search)
  }

  /** Shows the reader's own code again (the page's, or their saved edit), without output. */
  showOwnCode(): void {
    this.leaveShared()
    this.showCode(this.ownCode())
    if (this.panel) this.panel.element.hidden = true
    this.status.textContent = ''
    delete this.dataset.outcome
  }

  /** Adds Share to the toolbar, for a block that has an id to share under. */
  protected shareButton(): void {
    if (!this.dataset.blockId) return
    this.button(
      messages.share,
      messages.shareTitle,
      () => void import('./share').then((share) => share.shareBlock(this)),
    )
  }

  /** Called after each edit. */
  protected changed(): void {}

  protected setup(label: string): void {
    this.toolbar = document.createElement('div')
    this.toolbar.className = 'es-toolbar not-content'
    this.status = document.createElement('span')
    this.status.className = 'es-status'
    this.status.setAttribute('role', 'status')
    this.runHost = document.createElement('div')
    this.append(this.toolbar, this.runHost)
    this.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === 'Enter') {
        event.preventDefault()
        this.run()
      }
    })
    const view = this.codeView
    const pre = view?.querySelector('pre')
    if (pre && !isTouch()) {
      pre.tabIndex = 0
      pre.setAttribute('aria-label', `${label} (${messages.edit})`)
      const activate = (event: Event) => {
        if (event instanceof KeyboardEvent && (event.key === 'Tab' || event.key === 'Shift')) return
        if (event instanceof KeyboardEvent && (event.ctrlKey || event.metaKey) && event.key === 'Enter') return
        void this.openEditor(true)
      }
      pre.addEventListener('pointerdown', activate)
      pre.addEventListener('keydown', activate)
    }
  }

  protected button(text: string, title: string, onClick: () => void, className = ''): HTMLButtonElement {
    const button = document.createElement('button')
    button.type = 'button'
    button.className = `es-button ${className}`.trim()
    button.textContent = text
    button.title = title
    button.addEventListener('click', onClick)
    this.toolbar.append(button)
    return button
  }

  /** Replaces the highlighted code with an editor (once). */
  protected openEditor(focus: boolean): Promise<CodeEditor> {
    this.editorLoading ??= (async () => {
      this.status.textContent = messages.loadingEditor
      const editor = await loadEditor({
        code: this.code,
        label: messages.editorLabel,
        onRun: () => this.run(),
        onChange: () => this.changed(),
        earlierCode: () => this.earlierCode(),
      })
      const view = this.codeView
      if (view) {
        view.before(editor.element)
        view.hidden = true
      } else {
        this.prepend(editor.element)
      }
      this.editor = editor
      if (this.status.textContent === messages.loadingEditor) this.status.textContent = ''
      void loadRunCoordinator().then((c) => c.prepare({ compiler: true }))
      return editor
    })()
    return this.editorLoading.then((editor) => {
      if (focus) editor.focus()
      return editor
    })
  }

  protected async ensurePanel(): Promise<OutputPanel> {
    if (!this.panel) {
      const { createOutputPanel } = await loadRunCoordinator()
      this.panel = createOutputPanel()
      this.runHost.append(this.panel.element)
    }
    return this.panel
  }

  /**
   * Runs a chain in this element's output panel, with the element's status line and editor: the one way both
   * elements run. Resolves with how the run ended.
   */
  protected async runChain(input: ElementRunInput): Promise<RunOutcome> {
    const panel = await this.ensurePanel()
    const coordinator = await loadRunCoordinator()
    this.dataset.outcome = 'running'
    const { outcome, durationMs, replaced } = await coordinator.runOnPage({
      ...input,
      panel,
      onLocate: (line, column) => void this.openEditor(true).then((editor) => editor.reveal(line, column)),
      onStatus: (status) => {
        this.status.textContent =
          status === 'compiling' ? messages.statusCompiling : messages.statusRunning(coordinator.timeLimitMs())
      },
    })
    this.showOutcome(outcome, durationMs, coordinator.timeLimitMs(), replaced)
    return outcome
  }

  private showOutcome(outcome: RunOutcome, durationMs: number | undefined, limitMs: number, replaced = false): void {
    const text: Record<RunOutcome, string> = {
      done: messages.statusDone(durationMs ?? 0),
      failed: durationMs === undefined ? messages.statusFailedEarly : messages.statusFailed(durationMs),
      'compile-error': messages.statusCompileFailed,
      timeout: messages.statusTimeout(limitMs),
      'output-capped': messages.statusOutputCapped(2_000),
      aborted: replaced ? messages.statusAbortedByOtherRun : messages.statusAborted,
    }
    this.status.textContent = text[outcome]
    this.dataset.outcome = outcome
  }
}

/** A live block. */
/** Code that chooses a store kept in the browser, whose blocks get a "Reset databases" control. */
const DATABASE_STORES = /eventsourcing\/(pglite|sqlite)\b/

export class PlaygroundElement extends LiveCodeElement {
  get index(): number {
    return Number(this.dataset.index)
  }

  get group(): string {
    return this.dataset.group ?? ''
  }

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return
    this.dataset.ready = ''
    this.original = this.dataset.code ?? ''
    if (this.hasAttribute('data-node-only')) return
    this.setup(messages.editorLabel)
    const run = this.button(messages.run, messages.runTitle, () => this.run(), 'es-run-button')
    run.addEventListener(
      'pointerenter',
      () => void loadRunCoordinator().then((c) => c.prepare(this.prepareOptions())),
      {
        once: true,
      },
    )
    this.button(messages.reset, messages.resetTitle, () => this.reset())
    this.shareButton()
    if (DATABASE_STORES.test(this.original)) {
      this.button(messages.resetDatabases, messages.resetDatabasesTitle, () => void this.resetDatabases())
    }
    if (isTouch()) {
      const edit = this.button(messages.edit, messages.edit, () => {
        edit.remove()
        void this.openEditor(true)
      })
    }
    this.toolbar.append(this.status)
  }

  /** The earlier blocks of this block's group, in page order. */
  protected chain(): Array<PlaygroundElement | HTMLElement> {
    return [...document.querySelectorAll<HTMLElement>('es-playground, es-snippet')].filter(
      (element) =>
        element.dataset.group === this.group &&
        Number(element.dataset.index) < this.index &&
        !element.hasAttribute('data-node-only'),
    )
  }

  protected override earlierCode(): string[] {
    return this.chain().map((element) =>
      element instanceof PlaygroundElement ? element.code : (element.dataset.code ?? ''),
    )
  }

  protected run(): void {
    void this.runNow()
  }

  private prepareOptions(): { precompiled?: string } {
    return this.dataset.compiled ? { precompiled: this.dataset.compiled } : {}
  }

  /** Whether this block and the blocks it runs after hold the page's code. */
  private unedited(earlier: Array<PlaygroundElement | HTMLElement>): boolean {
    return (
      this.code === this.original &&
      earlier.every((element) => !(element instanceof PlaygroundElement) || element.code === element.dataset.code)
    )
  }

  /** Runs the block after the earlier blocks of its group; resolves with how the run ended. */
  async runNow(): Promise<RunOutcome> {
    const earlier = this.chain()
    const compiled = this.dataset.compiled
    const precompiled =
      compiled && this.unedited(earlier)
        ? { url: compiled, kind: 'blocks' as const, key: String(this.index) }
        : undefined
    const labels: PartLabel[] = earlier.map((element) => ({
      label: element.hidden ? messages.setupBlock : messages.earlierBlock(Number(element.dataset.index) + 1),
      lineOffset: 0,
    }))
    labels.push({ label: messages.thisBlock, lineOffset: 0 })
    return this.runChain({
      parts: [...this.earlierCode().map((code) => ({ code })), { code: this.code }],
      labels,
      ...(precompiled ? { precompiled } : {}),
    })
  }

  /** Deletes the tutorial's stored databases, when the reader confirms, and says what it did. */
  private async resetDatabases(): Promise<void> {
    if (!confirm(messages.confirmResetDatabases)) return
    try {
      this.status.textContent = await (await loadRunCoordinator()).resetDatabases()
    } catch (error) {
      this.status.textContent = (error as Error)?.message ?? String(error)
    }
  }

  /** Puts back the page's code (leaving shared code) and clears the output. */
  reset(): void {
    this.showOwnCode()
  }
}

if (!customElements.get('es-playground')) customElements.define('es-playground', PlaygroundElement)
