// Browser only.
/**
 * `<es-exercise>`: a graded exercise. One editor holds the reader's code (the starting code at first); Run tests
 * runs it followed by the exercise's tests and lists each test as passed, failed or errored, in order. Hints open
 * one at a time; Show solution and Reset ask first; the code, the open hints and the completion mark are saved in
 * `localStorage`, and Reset keeps the completion mark. Code from a share link (`share.ts`) is shown over the
 * reader's own: while it is, neither edits nor runs are saved and a pass does not complete the exercise, and Reset
 * goes back to the reader's code.
 */
import { messages } from '../shared/messages'
import { LiveCodeElement } from './playground-element'
import { EXERCISE_COMPLETE_EVENT, loadProgress, progressKey, saveProgress, type ExerciseProgress } from './progress'
import { renderHint } from './hints'
import type { TestResult } from '../shared/protocol'

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** A graded exercise. */
export class ExerciseElement extends LiveCodeElement {
  #key = ''
  #tests = ''
  #solution = ''
  #hints: string[] = []
  #hintList!: HTMLElement
  #hintButton!: HTMLButtonElement
  #mark!: HTMLElement
  #saveTimer: ReturnType<typeof setTimeout> | undefined

  connectedCallback(): void {
    if (this.dataset.ready !== undefined) return
    this.dataset.ready = ''
    this.original = this.dataset.start ?? ''
    this.#tests = this.dataset.tests ?? ''
    this.#solution = this.dataset.solution ?? ''
    this.#hints = JSON.parse(this.dataset.hints ?? '[]') as string[]
    this.#key = progressKey(this.dataset.page ?? location.pathname, this.dataset.exercise ?? '')
    this.setup(messages.editorLabel)
    this.button(messages.runTests, messages.runTitle, () => this.run(), 'es-run-button')
    this.#hintButton = this.button(messages.hint, messages.hint, () => this.showHint())
    this.button(messages.showSolution, messages.showSolution, () => this.showSolution())
    this.button(messages.reset, messages.resetTitle, () => this.reset())
    this.shareButton()
    this.#mark = document.createElement('span')
    this.#mark.className = 'es-mark'
    this.toolbar.append(this.#mark, this.status)
    this.#hintList = document.createElement('div')
    this.#hintList.className = 'es-hints'
    this.toolbar.after(this.#hintList)

    const progress = loadProgress(storage(), this.#key)
    if (progress.code !== undefined && progress.code !== this.original) this.showCode(progress.code)
    for (let i = 0; i < Math.min(progress.hints ?? 0, this.#hints.length); i++) this.appendHint(i)
    this.updateHintButton()
    this.showMark(progress)
  }

  protected override ownCode(): string | undefined {
    return loadProgress(storage(), this.#key).code
  }

  private save(change: ExerciseProgress): ExerciseProgress {
    return saveProgress(storage(), this.#key, change)
  }

  protected override changed(): void {
    clearTimeout(this.#saveTimer)
    this.#saveTimer = setTimeout(() => {
      // Checked when the timer fires: an edit just before a share link opened must not save the shared code.
      if (this.sharedBanner) return
      const code = this.code
      this.save(code === this.original ? { code: undefined } : { code })
    }, 300)
  }

  private showMark(progress: ExerciseProgress): void {
    this.#mark.textContent = progress.complete ? `✓ ${messages.exerciseComplete}` : ''
    this.toggleAttribute('data-complete', progress.complete === true)
  }

  private appendHint(index: number): void {
    const hint = document.createElement('div')
    hint.className = 'es-hint'
    const title = document.createElement('p')
    title.className = 'es-hint-title'
    title.textContent = messages.nextHint(index + 1, this.#hints.length)
    const body = document.createElement('div')
    body.innerHTML = renderHint(this.#hints[index]!)
    hint.append(title, body)
    this.#hintList.append(hint)
  }

  private updateHintButton(): void {
    const shown = this.#hintList.childElementCount
    this.#hintButton.hidden = this.#hints.length === 0
    this.#hintButton.disabled = shown >= this.#hints.length
    this.#hintButton.textContent =
      shown >= this.#hints.length ? messages.noMoreHints : messages.nextHint(shown + 1, this.#hints.length)
  }

  /** Opens the next hint. */
  showHint(): void {
    const shown = this.#hintList.childElementCount
    if (shown >= this.#hints.length) return
    this.appendHint(shown)
    this.save({ hints: shown + 1 })
    this.updateHintButton()
  }

  private replaceCode(code: string | undefined): void {
    this.leaveShared()
    this.draft = undefined
    this.editor?.setValue(code ?? this.original)
    this.save({ code })
  }

  /** Replaces the reader's code with the solution, after asking. */
  showSolution(): void {
    if (!confirm(messages.confirmSolution)) return
    void this.openEditor(false).then(() => this.replaceCode(this.#solution))
  }

  /** Puts back the starting code, after asking; the completion mark stays. Over shared code: the reader's code. */
  reset(): void {
    if (this.sharedBanner) return this.showOwnCode()
    if (!confirm(messages.confirmReset)) return
    void this.openEditor(false).then(() => this.replaceCode(undefined))
    if (this.panel) this.panel.element.hidden = true
    this.status.textContent = ''
  }

  protected run(): void {
    void this.runTests()
  }

  /** Runs the reader's code and the tests; resolves with the test results. */
  async runTests(): Promise<TestResult[]> {
    const code = this.code
    const shared = this.sharedBanner !== undefined
    if (!shared) this.save(code === this.original ? { code: undefined } : { code })
    const results: TestResult[] = []
    const outcome = await this.runChain({
      parts: [{ code }, { code: this.#tests }],
      labels: [
        { label: messages.yourCode, lineOffset: 0 },
        { label: messages.testsFile, lineOffset: 0 },
      ],
      showAllParts: true,
      editablePart: 0,
      ...(code === this.original && this.dataset.compiled
        ? { precompiled: { url: this.dataset.compiled, kind: 'exercises' as const, key: this.dataset.exercise ?? '' } }
        : {}),
      onEvent: (event) => {
        if (event.type === 'test') results.push(event.result)
      },
    })
    const passed = results.filter((result) => result.status === 'pass').length
    // Complete: at least one test, all passed, and the run itself ended well.
    if (shared) {
      if (results.length) this.status.textContent = messages.sharedNotCounted(passed, results.length)
    } else if (results.length > 0 && passed === results.length && outcome === 'done') {
      this.showMark(this.save({ complete: true }))
      this.dispatchEvent(new CustomEvent(EXERCISE_COMPLETE_EVENT, { bubbles: true }))
    } else if (results.length) this.status.textContent = messages.testSummary(passed, results.length)
    return results
  }
}

if (!customElements.get('es-exercise')) customElements.define('es-exercise', ExerciseElement)
