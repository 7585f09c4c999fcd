// Browser only.
/**
 * What a live block needs from its editor, so that Monaco (desktop) and a plain textarea (touch devices, where
 * Monaco does not work, or when Monaco fails to load) are interchangeable.
 */

/** An editor mounted in a live block. */
export interface CodeEditor {
  /** The element to insert where the highlighted code was. */
  readonly element: HTMLElement
  getValue(): string
  setValue(code: string): void
  focus(): void
  /** Moves the cursor to a 1-based line and column and scrolls it into view. */
  reveal(line: number, column: number): void
  dispose(): void
}

/** What the block tells its editor. */
export interface EditorOptions {
  code: string
  /** A label for assistive technology. */
  label: string
  /** Ctrl/Cmd+Enter. */
  onRun: () => void
  /** After each change of the code. */
  onChange?: () => void
}

/** A plain `<textarea>` editor. */
export function createTextareaEditor(options: EditorOptions): CodeEditor {
  const textarea = document.createElement('textarea')
  textarea.className = 'es-textarea not-content'
  textarea.spellcheck = false
  textarea.setAttribute('autocapitalize', 'off')
  textarea.setAttribute('aria-label', options.label)
  textarea.value = options.code
  const fit = () => {
    textarea.rows = Math.max(3, textarea.value.split('\n').length + 1)
  }
  fit()
  textarea.addEventListener('input', () => {
    fit()
    options.onChange?.()
  })
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault()
      textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end')
    }
  })
  return {
    element: textarea,
    getValue: () => textarea.value,
    setValue(code) {
      textarea.value = code
      fit()
    },
    focus: () => textarea.focus(),
    reveal(line, column) {
      const lines = textarea.value.split('\n')
      const offset = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1
      textarea.focus()
      textarea.setSelectionRange(offset, offset)
    },
    dispose: () => textarea.remove(),
  }
}
