// Browser only.
/**
 * The Aggregates tab: the replay, step by step. Pick an aggregate; a slider (arrow keys, Home, End) and Previous /
 * Next buttons move through its versions, showing its state after each event with the properties that event
 * changed marked. The states were rebuilt in the run's worker by the library itself (`worker/run-observer.ts`).
 */
import { messages } from '../../shared/messages'
import type { AggregateHistory, ExplorerData } from '../../shared/explorer-data'
import { applicationNames, el, jsonCell, note, shortId, table } from './cells'

/** What the reader picked, kept from one run of a block to the next. */
export interface ReplayChoice {
  aggregate: number
}

/** Renders the Aggregates tab's content; `choice` says which aggregate to show first, and is updated. */
export function renderAggregates(data: ExplorerData, choice: ReplayChoice): HTMLElement {
  const root = el('div', 'es-explorer es-replay')
  const names = applicationNames(data)
  const label = (aggregate: AggregateHistory) =>
    messages.aggregateChoice(
      aggregate.aggregateClass,
      shortId(aggregate.aggregateId),
      aggregate.application === undefined ? messages.neverSaved : names[aggregate.application]!,
    )

  const select = el('select', 'es-select')
  select.append(...data.aggregates.map((aggregate, index) => new Option(label(aggregate), String(index))))
  const picker = el('label', 'es-picker', `${messages.aggregatePicker} `, select)
  const previous = el('button', 'es-button', messages.previousVersion)
  const next = el('button', 'es-button', messages.nextVersion)
  previous.type = next.type = 'button'
  const slider = el('input', 'es-slider')
  slider.type = 'range'
  slider.step = '1'
  slider.setAttribute('aria-label', messages.versionSlider)
  const position = el('output', 'es-position')
  position.setAttribute('aria-live', 'polite')
  const stepper = el('div', 'es-stepper', previous, slider, next)
  const state = el('div', 'es-state')
  const notes = el('div')
  root.append(picker, stepper, position, state, notes)
  if (data.aggregatesTotal > data.aggregates.length) {
    root.append(note(messages.firstRows(data.aggregates.length, data.aggregatesTotal, messages.aggregatesNoun)))
  }

  let aggregate = data.aggregates[0]!
  const showVersion = (index: number) => {
    const version = aggregate.states[index]
    if (!version) return
    slider.value = String(index)
    const where = messages.versionPosition(version.version, aggregate.lastVersion)
    const what = messages.versionEvent(version.event, version.saved)
    slider.setAttribute('aria-valuetext', `${where}, ${what}`)
    // aria-disabled, not disabled: a disabled button would drop the focus of a reader stepping with the keyboard.
    previous.setAttribute('aria-disabled', String(index === 0))
    next.setAttribute('aria-disabled', String(index === aggregate.states.length - 1))
    position.replaceChildren(`${where}, ${what} `, jsonCell(version.fields))
    position.classList.toggle('es-position-unsaved', !version.saved)
    const keys = Object.keys(version.state)
    const removed = version.changed.filter((key) => !(key in version.state))
    const rows = [
      ...keys.map((key) => [property(key, version.changed.includes(key)), jsonCell(version.state[key]!)]),
      ...removed.map((key) => [property(key, true), messages.removed]),
    ]
    const changedRow = (row: number) => (version.changed.includes([...keys, ...removed][row]!) ? 'es-changed' : '')
    state.replaceChildren(
      rows.length
        ? table(
            messages.stateCaption(version.version),
            [messages.columnProperty, messages.columnValue],
            rows,
            changedRow,
          )
        : note(messages.noProperties),
    )
  }
  const showAggregate = (index: number) => {
    aggregate = data.aggregates[index] ?? data.aggregates[0]!
    choice.aggregate = data.aggregates.indexOf(aggregate)
    select.value = String(choice.aggregate)
    stepper.hidden = position.hidden = aggregate.states.length === 0
    slider.min = '0'
    slider.max = String(Math.max(aggregate.states.length - 1, 0))
    state.replaceChildren()
    notes.replaceChildren()
    const problem = aggregate.problem
    if (problem?.kind === 'earlier-events-unknown') notes.append(note(messages.earlierEventsUnknown))
    if (problem?.kind === 'rebuild-failed') notes.append(note(messages.replayFailed(problem.message)))
    const last = aggregate.states.at(-1)
    if (!problem && last && last.version < aggregate.lastVersion) {
      const first = aggregate.states[0]!.version
      notes.append(
        note(messages.firstRows(aggregate.states.length, aggregate.lastVersion - first + 1, messages.versionsNoun)),
      )
    }
    showVersion(0)
  }

  select.addEventListener('change', () => showAggregate(Number(select.value)))
  slider.addEventListener('input', () => showVersion(Number(slider.value)))
  previous.addEventListener('click', () => showVersion(Number(slider.value) - 1))
  next.addEventListener('click', () => showVersion(Number(slider.value) + 1))
  if (data.aggregates.length < 2) {
    picker.hidden = true
    root.prepend(el('p', 'es-caption', label(aggregate)))
  }
  showAggregate(choice.aggregate)
  return root
}

function property(name: string, changed: boolean): HTMLElement {
  const cell = el('span', '', name)
  if (changed) cell.append(' ', el('span', 'es-badge', messages.changed))
  return cell
}
