import type { CodeEditor, EditorOptions } from './code-editor'

export async function createMonacoEditor(
  _options: EditorOptions & { earlierCode: () => string[] },
): Promise<CodeEditor> {
  throw new Error('not yet')
}
