// Browser only.
/**
 * The Events tab: each application's notification log as a table (id, aggregate, version, event, fields, time),
 * then the events that aggregates recorded and nobody saved, apart, since a forgotten `save()` is the classic
 * beginner's mistake. In a system, a process application's log is introduced by how far it has processed each
 * application it follows, and a followed application's log marks which notifications each follower has processed
 * (`follows.ts`). A view (`eventsourcing/projection`) is a reader of a log too: its notifications are marked in the
 * same way, and the view, its positions and rows, is shown below the first log it has processed (`views.ts`).
 */
import { messages } from '../../shared/messages'
import type { EventRow, ExplorerData } from '../../shared/explorer-data'
import { aggregateCell, applicationNames, el, jsonCell, note, table, timeCell, viewNames } from './cells'
import { followsMessages, processedCell, readersByLeader, renderFollows } from './follows'
import { renderView, viewPlaces, viewsMessages } from './views'

const eventCells = (row: EventRow) => [
  aggregateCell(row.aggregateClass, row.aggregateId),
  String(row.version),
  row.name,
  jsonCell(row.fields),
  timeCell(row.timestamp),
]

/** Renders the Events tab's content. */
export function renderEvents(data: ExplorerData): HTMLElement {
  const root = el('div', 'es-explorer es-events')
  const names = applicationNames(data)
  const views = viewNames(data)
  const readers = readersByLeader(data, names, views)
  const places = viewPlaces(data)
  const renderViewsAt = (place: number | undefined) =>
    data.views.forEach((view, index) => {
      if (places[index] === place) root.append(renderView(data, view, views[index]!, names))
    })
  data.applications.forEach((application, index) => {
    const name = names[index]!
    const section = el('section', 'es-log')
    if (application.follows?.length) section.append(renderFollows(data, application.follows, name, names))
    const followers = readers[index]!
    if (application.error) {
      section.append(note(messages.logUnreadable(name, application.error)))
    } else if (application.events.length === 0) {
      section.append(el('p', 'es-caption', messages.notificationLog(name)), note(messages.noEventsStored))
    } else {
      const headers = [
        messages.columnNotification,
        ...(followers.length ? [followsMessages.columnProcessedBy] : []),
        messages.columnAggregate,
        messages.columnVersion,
        messages.columnEvent,
        messages.columnFields,
        messages.columnTime,
      ]
      const rows = application.events.map((row) => [
        String(row.notificationId),
        ...(followers.length ? [processedCell(row.notificationId!, followers)] : []),
        ...eventCells(row),
      ])
      section.append(table(messages.notificationLog(name), headers, rows))
      if (application.total > application.events.length) {
        section.append(
          note(messages.firstRows(application.events.length, application.total, messages.notificationsNoun)),
        )
      }
    }
    root.append(section)
    renderViewsAt(index)
  })
  if (data.applicationsTotal > data.applications.length) {
    root.append(note(messages.firstRows(data.applications.length, data.applicationsTotal, messages.applicationsNoun)))
  }
  renderViewsAt(undefined)
  if (data.viewsTotal > data.views.length) {
    root.append(note(messages.firstRows(data.views.length, data.viewsTotal, viewsMessages.viewsNoun)))
  }
  if (data.unsaved.length) root.append(renderUnsaved(data))
  if (data.untracked) root.append(note(messages.untracked(data.untracked)))
  return root
}

function renderUnsaved(data: ExplorerData): HTMLElement {
  const section = el('section', 'es-unsaved')
  const headers = [
    messages.columnAggregate,
    messages.columnVersion,
    messages.columnEvent,
    messages.columnFields,
    messages.columnTime,
  ]
  const rows = data.unsaved.flatMap((aggregate) => aggregate.events.map(eventCells))
  section.append(el('p', 'es-unsaved-help', messages.notSavedHelp), table(messages.notSaved, headers, rows))
  for (const aggregate of data.unsaved) {
    if (aggregate.total > aggregate.events.length) {
      section.append(note(messages.firstRows(aggregate.events.length, aggregate.total, messages.eventsNoun)))
    }
  }
  if (data.unsavedTotal > data.unsaved.length) {
    section.append(note(messages.firstRows(data.unsaved.length, data.unsavedTotal, messages.aggregatesNoun)))
  }
  return section
}
