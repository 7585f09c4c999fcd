/**
 * The Events tab: each application's notification log as a table (id, aggregate, version, event, fields, time),
 * then the events that aggregates recorded and nobody saved, apart, since a forgotten `save()` is the classic
 * beginner's mistake. In a system, a process application's log is introduced by how far it has processed each
 * application it follows, and a followed application's log marks which notifications each follower has processed
 * (`follows.ts`). Browser only.
 */
import { messages } from '../messages'
import type { EventRow, RunSnapshot } from '../runner/instrumentation'
import { aggregateCell, applicationNames, el, jsonCell, note, table, timeCell } from './cells'
import { followsMessages, processedCell, readersByLeader, renderFollows } from './follows'

const eventCells = (row: EventRow) => [
  aggregateCell(row.aggregateClass, row.aggregateId),
  String(row.version),
  row.name,
  jsonCell(row.fields),
  timeCell(row.timestamp),
]

/** Renders the Events tab's content. */
export function renderEvents(snapshot: RunSnapshot): HTMLElement {
  const root = el('div', 'es-explorer es-events')
  const names = applicationNames(snapshot)
  const readers = readersByLeader(snapshot, names)
  snapshot.applications.forEach((application, index) => {
    const name = names[index]!
    const section = el('section', 'es-log')
    if (application.follows?.length) section.append(renderFollows(snapshot, application.follows, name, names))
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
  })
  if (snapshot.applicationsTotal > snapshot.applications.length) {
    root.append(
      note(messages.firstRows(snapshot.applications.length, snapshot.applicationsTotal, messages.applicationsNoun)),
    )
  }
  if (snapshot.unsaved.length) root.append(renderUnsaved(snapshot))
  if (snapshot.untracked) root.append(note(messages.untracked(snapshot.untracked)))
  return root
}

function renderUnsaved(snapshot: RunSnapshot): HTMLElement {
  const section = el('section', 'es-unsaved')
  const headers = [
    messages.columnAggregate,
    messages.columnVersion,
    messages.columnEvent,
    messages.columnFields,
    messages.columnTime,
  ]
  const rows = snapshot.unsaved.flatMap((aggregate) => aggregate.events.map(eventCells))
  section.append(el('p', 'es-unsaved-help', messages.notSavedHelp), table(messages.notSaved, headers, rows))
  for (const aggregate of snapshot.unsaved) {
    if (aggregate.total > aggregate.events.length) {
      section.append(note(messages.firstRows(aggregate.events.length, aggregate.total, messages.eventsNoun)))
    }
  }
  if (snapshot.unsavedTotal > snapshot.unsaved.length) {
    section.append(note(messages.firstRows(snapshot.unsaved.length, snapshot.unsavedTotal, messages.aggregatesNoun)))
  }
  return section
}
