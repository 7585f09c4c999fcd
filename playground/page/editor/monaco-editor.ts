// Browser only.
/**
 * Monaco for live blocks, loaded on the reader's first interaction with a block. Monaco's TypeScript worker
 * (TypeScript 5.9.3) gets the library's declarations and the playground's assert and vitest modules, and the
 * compiler options `tutorial-tests` type-checks with, so hovers, completion and red squiggles match the tests.
 *
 * Each block's model holds only the reader's block; the earlier blocks of its chain reach the checker as the
 * context files of `compiler/type-context.ts`. Those are globals, so only one block's context can be loaded at a
 * time: the playground validates each block itself (with its own context) instead of Monaco's automatic
 * diagnostics, and loads the focused block's context for hovers and completion.
 */
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/typescript/register'
import * as monaco from 'monaco-editor/editor'
import {
  getTypeScriptWorker,
  typescriptDefaults,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'monaco-editor/languages/features/typescript/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import TypeScriptWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker'
import types from 'virtual:playground/types'
import { SNIPPET_COMPILER_OPTIONS } from '../../compiler/compiler-options'
import { typeContext } from '../../compiler/type-context'
import type { CodeEditor, EditorOptions } from './code-editor'
import { currentTheme, followTheme } from './theme'

/** Options of a Monaco editor: the block's options and the code of the blocks it runs after. */
export interface MonacoEditorOptions extends EditorOptions {
  earlierCode: () => string[]
}

const LINE_HEIGHT = 20
const PADDING = 12
const MAX_HEIGHT = 640

let configured = false
let editors = 0
/** The context files loaded now, and for which block directory. */
let activeContext: { directory: string; key: string; disposables: monaco.IDisposable[] } | undefined
let queue: Promise<unknown> = Promise.resolve()

function configure(): void {
  if (configured) return
  configured = true
  ;(globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
    getWorker: (_id: string, label: string) =>
      label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker(),
  }
  typescriptDefaults.setCompilerOptions(SNIPPET_COMPILER_OPTIONS as never)
  typescriptDefaults.setDiagnosticsOptions({
    noSemanticValidation: true,
    noSyntaxValidation: true,
    noSuggestionDiagnostics: true,
  })
  typescriptDefaults.setEagerModelSync(true)
  typescriptDefaults.addExtraLib(types.library, 'file:///node_modules/@types/eventsourcing/index.d.ts')
  typescriptDefaults.addExtraLib(types.assert, 'file:///node_modules/@types/node-assert-strict/index.d.ts')
  typescriptDefaults.addExtraLib(types.testing, 'file:///node_modules/@types/vitest/index.d.ts')
  followTheme((theme) => monaco.editor.setTheme(theme))
}

/** Loads the context of the earlier blocks for the block in `directory`, replacing any other block's. */
async function useContext(directory: string, earlier: string[]): Promise<void> {
  const files = typeContext(earlier, directory)
  const key = files.map((file) => file.text).join('\0')
  if (activeContext?.directory === directory && activeContext.key === key) return
  for (const disposable of activeContext?.disposables ?? []) disposable.dispose()
  activeContext = {
    directory,
    key,
    disposables: files.map((file) => typescriptDefaults.addExtraLib(file.text, file.fileName)),
  }
  // Extra libraries reach the worker on a timer; let that happen before asking it anything.
  await new Promise((resolve) => setTimeout(resolve, 5))
}

function messageText(diagnostic: Diagnostic | DiagnosticRelatedInformation): string {
  const text = diagnostic.messageText
  if (typeof text === 'string') return text
  const lines: string[] = []
  const walk = (chain: typeof text, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${chain.messageText}`)
    for (const next of chain.next ?? []) walk(next, depth + 1)
  }
  walk(text, 0)
  return lines.join('\n')
}

/** Type-checks a block with its own context and shows the problems as markers. */
function validate(model: monaco.editor.ITextModel, directory: string, earlier: () => string[]): Promise<unknown> {
  queue = queue
    .then(async () => {
      if (model.isDisposed()) return
      await useContext(directory, earlier())
      const worker = await (await getTypeScriptWorker())(model.uri)
      const uri = model.uri.toString()
      const version = model.getVersionId()
      const diagnostics = [
        ...(await worker.getSyntacticDiagnostics(uri)),
        ...(await worker.getSemanticDiagnostics(uri)),
      ]
      if (model.isDisposed() || model.getVersionId() !== version) return
      monaco.editor.setModelMarkers(
        model,
        'typescript',
        diagnostics.map((diagnostic) => {
          const start = model.getPositionAt(diagnostic.start ?? 0)
          const end = model.getPositionAt((diagnostic.start ?? 0) + (diagnostic.length ?? 1))
          const severity =
            [monaco.MarkerSeverity.Warning, monaco.MarkerSeverity.Error, monaco.MarkerSeverity.Hint][
              diagnostic.category
            ] ?? monaco.MarkerSeverity.Info
          return {
            severity,
            message: messageText(diagnostic),
            code: String(diagnostic.code),
            startLineNumber: start.lineNumber,
            startColumn: start.column,
            endLineNumber: end.lineNumber,
            endColumn: end.column,
          }
        }),
      )
    })
    .catch((error: unknown) => console.warn('The type check failed:', error))
  return queue
}

/** Creates a Monaco editor for a block. */
export async function createMonacoEditor(options: MonacoEditorOptions): Promise<CodeEditor> {
  configure()
  const directory = `file:///playground/block-${++editors}`
  const model = monaco.editor.createModel(options.code, 'typescript', monaco.Uri.parse(`${directory}/block.ts`))
  const host = document.createElement('div')
  host.className = 'es-editor not-content'
  const fit = (height: number) => {
    host.style.height = `${Math.min(height, MAX_HEIGHT)}px`
  }
  fit(model.getLineCount() * LINE_HEIGHT + 2 * PADDING)
  const editor = monaco.editor.create(host, {
    model,
    theme: currentTheme(),
    ariaLabel: options.label,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    lineHeight: LINE_HEIGHT,
    fontSize: 14,
    tabSize: 2,
    padding: { top: PADDING, bottom: PADDING },
    overviewRulerLanes: 0,
    renderLineHighlightOnlyWhenFocus: true,
    fixedOverflowWidgets: true,
    scrollbar: { alwaysConsumeMouseWheel: false },
  })
  editor.onDidContentSizeChange((event) => fit(event.contentHeight))
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, options.onRun)
  let timer: ReturnType<typeof setTimeout> | undefined
  const check = () => validate(model, directory, options.earlierCode)
  model.onDidChangeContent(() => {
    options.onChange?.()
    clearTimeout(timer)
    timer = setTimeout(check, 300)
  })
  editor.onDidFocusEditorText(() => void check())
  void check()

  return {
    element: host,
    getValue: () => model.getValue(),
    setValue(code) {
      if (code !== model.getValue()) model.setValue(code)
    },
    focus: () => editor.focus(),
    reveal(line, column) {
      editor.setPosition({ lineNumber: line, column })
      editor.revealPositionInCenterIfOutsideViewport({ lineNumber: line, column })
      editor.focus()
    },
    dispose() {
      editor.dispose()
      model.dispose()
      host.remove()
    },
  }
}
