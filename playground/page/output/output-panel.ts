// Browser only.
/**
 * The run panel under a live block: what a run printed (only the clicked block's output; the earlier blocks of
 * its chain run silently), its errors located in the reader's code, test results, and notes (time limit, output
 * cap). When a run reports applications or aggregates, the event explorer's Events and Aggregates tabs appear
 * beside Output (a lazy chunk, loaded then).
 */
import { messages } from '../../shared/messages'
import type { Diagnostic } from '../../shared/protocol'
import type { ExplorerData } from '../../shared/explorer-data'
import type { RunEvent, RunOutcome, SerializedError, TestResult } from '../../shared/protocol'
import { createTabs } from './tabs'

type Explorer = typeof import('../explorer/explorer')
let explorer: Promise<Explorer> | undefined
const loadExplorer = (): Promise<Explorer> => (explorer ??= import('../explorer/explorer'))

/** How the panel names a block of the chain. */
export interface PanelOptions {
  /** The index of the reader's block in the chain (the last one). */
  currentPart: number
  /** Show the output of every block of the chain (an exercise: the reader's code, then the tests). */
  showAllParts?: boolean
  /** The block the editor holds, whose positions are links to the editor. @default currentPart */
  editablePart?: number
  /** How each block is named in messages (`this block`, `block 2 above`). */
  partNames: string[]
  /** Moves the editor's cursor to a line and column of the reader's block. */
  onLocate?: (line: number, column: number) => void
}

/** The run panel of one block. */
export interface OutputPanel {
  readonly element: HTMLElement
  /** Empties the panel for a new run. */
  start(options: PanelOptions): void
  handle(event: RunEvent): void
  /** Adds the closing notes of a run. */
  end(outcome: RunOutcome): void
}

/** Creates an (empty, hidden) run panel. */
export function createOutputPanel(): OutputPanel {
  const element = document.createElement('div')
  element.className = 'es-run not-content'
  element.hidden = true
  // The tab the reader picked stays picked in the next run, if that run has it.
  let picked = 'output'
  const tabs = createTabs(messages.runPanelLabel, (key) => (picked = key))
  const log = document.createElement('div')
  log.className = 'es-output'
  log.setAttribute('role', 'log')
  log.setAttribute('aria-label', messages.outputLabel)
  log.tabIndex = 0
  const outputPanel = document.createElement('div')
  outputPanel.append(log)
  const eventsPanel = document.createElement('div')
  const aggregatesPanel = document.createElement('div')
  eventsPanel.hidden = aggregatesPanel.hidden = true
  tabs.add('output', messages.outputLabel, outputPanel)
  element.append(tabs.list, outputPanel, eventsPanel, aggregatesPanel)
  const replayChoice = { aggregate: 0 }
  let runs = 0

  const explore = (data: ExplorerData) => {
    const run = runs
    void loadExplorer().then(({ renderEvents, renderAggregates }) => {
      if (run !== runs) return
      eventsPanel.replaceChildren(renderEvents(data))
      tabs.add('events', messages.eventsTab, eventsPanel)
      if (data.aggregates.length) {
        aggregatesPanel.replaceChildren(renderAggregates(data, replayChoice))
        tabs.add('aggregates', messages.aggregatesTab, aggregatesPanel)
      }
      if (tabs.has(picked)) tabs.select(picked)
      element.dataset.explorer = ''
    })
  }

  let options: PanelOptions = { currentPart: 0, partNames: [] }
  let pending: Node[] = []
  let progress: HTMLElement | undefined
  let scheduled = false
  let printed = 0
  let tests: TestResult[] = []

  const flush = () => {
    scheduled = false
    log.append(...pending)
    pending = []
  }
  const add = (node: Node) => {
    pending.push(node)
    // The first line shows at once (it answers the click); later lines are batched per frame.
    if (log.childElementCount === 0 && pending.length === 1) return flush()
    if (!scheduled) {
      scheduled = true
      requestAnimationFrame(flush)
    }
  }
  const line = (className: string, text: string): HTMLElement => {
    const div = document.createElement('div')
    div.className = `es-line ${className}`
    div.textContent = text
    return div
  }
  const where = (part: number | undefined, lineNumber?: number, column?: number): HTMLElement | string => {
    if (lineNumber === undefined || part === undefined) return ''
    const text = messages.lineColumn(lineNumber, column ?? 1)
    if (part !== (options.editablePart ?? options.currentPart)) return `${options.partNames[part] ?? ''}, ${text}`
    if (!options.onLocate) return text
    const button = document.createElement('button')
    button.type = 'button'
    button.className = 'es-locate'
    button.textContent = text
    button.addEventListener('click', () => options.onLocate?.(lineNumber, column ?? 1))
    return button
  }
  const errorBlock = (title: string, error: SerializedError): HTMLElement => {
    const div = document.createElement('div')
    div.className = 'es-line es-error'
    const location = where(error.part, error.line, error.column)
    div.append(`${title}${error.name}: ${error.message}`)
    if (location) div.append(' (', location, ')')
    const frames = error.stack.split('\n').filter((frame) => /^\s+at /.test(frame))
    if (frames.length > 1) {
      const details = document.createElement('details')
      const summary = document.createElement('summary')
      summary.textContent = 'Stack'
      details.append(summary, frames.map((frame) => frame.trim()).join('\n'))
      div.append(details)
    }
    return div
  }
  const diagnostic = (item: Diagnostic): HTMLElement => {
    const div = document.createElement('div')
    div.className = 'es-line es-error'
    div.append(where(item.part, item.line, item.column), ': ', item.message)
    return div
  }

  return {
    element,
    start(next) {
      options = next
      pending = []
      printed = 0
      tests = []
      log.replaceChildren()
      progress = undefined
      runs++
      tabs.remove('events')
      tabs.remove('aggregates')
      eventsPanel.replaceChildren()
      aggregatesPanel.replaceChildren()
      tabs.select('output')
      delete element.dataset.explorer
      element.hidden = false
    },
    handle(event) {
      switch (event.type) {
        case 'console':
          if (event.part !== options.currentPart && !options.showAllParts) return
          printed++
          add(line(`es-${event.level}`, event.text))
          return
        case 'error':
          add(
            errorBlock(
              event.kind === 'unhandled-rejection' ? `${messages.unhandledRejection}: ` : `${messages.thrown} `,
              event.error,
            ),
          )
          return
        case 'compile-error':
          for (const item of event.diagnostics) add(diagnostic(item))
          return
        case 'test': {
          tests.push(event.result)
          const { result } = event
          const mark = { pass: messages.testPassed, fail: messages.testFailed, error: messages.testErrored }[
            result.status
          ]
          const div = line(`es-test es-test-${result.status}`, `${mark} ${result.name}`)
          if (result.error) div.append(errorBlock(' — ', result.error))
          add(div)
          return
        }
        case 'output-capped':
          add(line('es-note', messages.outputCapped(event.lines)))
          return
        case 'timeout':
          add(line('es-note', messages.timeLimit(event.limitMs)))
          return
        case 'explorer-data':
          explore(event.data)
          return
        case 'database-status':
          // Loading progress updates one line in place; a note (the database will not last) is a line of its own.
          if (event.note) add(line('es-note', event.text))
          else if (progress) progress.textContent = event.text
          else add((progress = line('es-note es-progress', event.text)))
          return
        default:
          return
      }
    },
    end(outcome) {
      if (tests.length) {
        const passed = tests.filter((test) => test.status === 'pass').length
        add(line('es-note', messages.testSummary(passed, tests.length)))
      }
      if (outcome === 'done' && printed === 0 && tests.length === 0) add(line('es-note', messages.noOutput))
      if (options.currentPart > 0 && !options.showAllParts && outcome !== 'compile-error') {
        add(line('es-note', messages.earlierBlocks(options.currentPart)))
      }
      flush()
    },
  }
}
