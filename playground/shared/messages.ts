// Pure.
/**
 * Every user-facing string of the playground, in one place (for wording reviews and a later translation).
 * Pure: shared by the browser UI, the compiler's diagnostics and `tutorial-tests`.
 */

const list = (items: readonly string[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`

const megabytes = (bytes: number): string => (bytes / 1_000_000).toFixed(1)

export const messages = {
  run: 'Run',
  runTitle: 'Run this block (Ctrl+Enter or ⌘+Enter)',
  reset: 'Reset',
  resetTitle: "Put back the page's code",
  edit: 'Edit',
  editorLabel: 'Code editor',
  outputLabel: 'Output',
  expectedOutput: 'Expected output',
  loadingEditor: 'Loading the editor…',
  editorFailed: (reason: string) => `The editor could not load (${reason}); you can still edit the plain text.`,

  statusIdle: (limitMs: number) => `Runs in your browser, for at most ${seconds(limitMs)}.`,
  statusCompiling: 'Compiling…',
  statusRunning: (limitMs: number) => `Running… (stopped after ${seconds(limitMs)} at most)`,
  statusDone: (ms: number) => `Done in ${Math.round(ms)} ms.`,
  statusFailed: (ms: number) => `Failed after ${Math.round(ms)} ms.`,
  statusFailedEarly: 'Failed.',
  statusCompileFailed: 'Did not run: the code does not compile.',
  statusTimeout: (limitMs: number) => `Stopped: the time limit of ${seconds(limitMs)} was reached.`,
  statusOutputCapped: (lines: number) => `Stopped: the output reached ${lines.toLocaleString('en')} lines.`,
  statusAborted: 'Stopped.',
  statusAbortedByOtherRun: 'Stopped: another block started running.',
  noOutput: '(no output)',
  resetDatabases: 'Reset databases',
  resetDatabasesTitle: "Delete this site's tutorial databases (PostgreSQL and SQLite) kept in your browser",
  confirmResetDatabases:
    "Delete the tutorial's databases kept in this browser (PostgreSQL and SQLite)? Your code and progress stay.",
  databasesReset: (count: number) =>
    count === 0 ? 'No tutorial database was stored.' : `Deleted ${count} tutorial database${count === 1 ? '' : 's'}.`,
  databaseDownloading: (loaded: number, total: number) =>
    `Loading PostgreSQL (WASM): ${megabytes(loaded)} of ${megabytes(total)} MB…`,
  databaseStarting: 'Starting PostgreSQL…',
  databaseOpening: (dataDir: string) => `Opening the database ${dataDir}…`,
  sandboxNoPage: (name: string) =>
    `Code in the playground runs in a sandbox (a worker with an opaque origin), where there is no \`${name}\`: ` +
    'it cannot reach the page, its window or its document. Print what you want to see with console.log.',
  sandboxNoStorage:
    "Code in the playground runs in a sandbox (a worker with an opaque origin), which cannot open this site's " +
    'storage (localStorage, IndexedDB, caches). The tutorial keeps its databases through the library: ' +
    "SQLITE_DBNAME for SQLite, PGLITE_DATA_DIR: 'idb://…' for PostgreSQL.",
  sandboxNoNetwork:
    'Code in the playground runs in a sandbox that allows no network connection: it can import only the ' +
    "playground's modules (the library, node:assert/strict and vitest).",
  sandboxFetchRefused: (url: string) =>
    `fetch(${JSON.stringify(url)}) was refused: code in the playground runs in a sandbox (a worker with an opaque ` +
    'origin) that allows no network connection, to this site or any other.',
  sandboxImageStore: "the page's IndexedDB (through the sandbox)",
  sandboxFileRefused: (url: string) =>
    `The sandbox serves only the playground's runtime modules, and ${url} is not one of them.`,
  sandboxFileFailed: (url: string, reason: string) =>
    `The playground could not load ${url} (${reason}). Check the connection, then run again.`,
  databaseStored: (dataDirs: readonly string[]) => `Stored in this browser: ${list(dataDirs)}.`,
  sqliteInMemory: (dbName: string, reason: string) =>
    `The SQLite database ${dbName} could not be kept in this browser's storage (${reason}), so this run keeps it ` +
    'in memory: it is gone when the run ends. Free some storage, or leave private browsing, to keep it.',
  databaseReady: (dataDir: string, persistent: boolean) =>
    `PostgreSQL is ready: ${dataDir || 'memory://'}, ${persistent ? 'kept in this browser' : 'in memory'}.`,
  databaseInMemory: (dataDir: string, reason: string) =>
    `The database ${dataDir} could not be kept in this browser's storage (${reason}), so it lives in memory: ` +
    'it lasts until the page is closed. Free some storage or leave private browsing to keep it across reloads.',
  databaseOtherTab: (dataDir: string) =>
    `The database ${dataDir} is open in another tab of this site, so this tab uses a copy in memory that lasts ` +
    'until the page is closed. Close the other tab and reload to use the stored database.',
  databaseDataDir: (dataDir: string) =>
    `PGLITE_DATA_DIR=${JSON.stringify(dataDir)} cannot be used in the browser: use 'idb://name' (kept in this ` +
    "browser's IndexedDB, across reloads) or 'memory://' (gone when the page closes).",
  outputCapped: (lines: number) =>
    `… output stopped after ${lines.toLocaleString('en')} lines, and the program with it. Print less, or print a summary.`,
  timeLimit: (limitMs: number) =>
    `The program was stopped after ${seconds(limitMs)}, the time limit of a run. Is there an endless loop, or a timer ` +
    'that is never cleared?',
  earlierBlocks: (count: number) =>
    `Ran after ${count} earlier block${count === 1 ? '' : 's'} of this page, whose output is not shown.`,
  nodeOnly: (command: string) =>
    `This block needs Node (it uses a database), so it does not run in the browser. Run it in your own project with: ${command}`,
  chainBroken: 'An earlier block of this page does not compile; fix or reset it first.',

  compileError: (where: string, message: string) => `${where}: ${message}`,
  thrown: 'Uncaught',
  unhandledRejection: 'Unhandled promise rejection',
  at: (where: string) => `at ${where}`,
  thisBlock: 'this block',
  earlierBlock: (n: number) => `block ${n} above`,
  setupBlock: 'setup code',
  yourCode: 'your code',
  testsFile: 'the tests',
  lineColumn: (line: number, column: number) => `line ${line}, column ${column}`,

  unknownModule: (specifier: string, available: readonly string[]) =>
    `Cannot find module '${specifier}'. The playground provides ${list(available.map((s) => `'${s}'`))}.`,
  relativeModule:
    ' The blocks of a page share one module: use the names that earlier blocks define directly, without importing them.',
  nodeModule: (specifier: string) =>
    ` '${specifier}' needs Node, so it cannot run in the browser: copy the code into a Node project to try it.`,
  assertSpelling: " Import assert as: import assert from 'node:assert/strict'",
  duplicateImport: (local: string, earlier: string) =>
    `'${local}' is already imported from '${earlier}' by an earlier block; import it under another name.`,

  testsHeading: 'Tests',
  testPassed: '✓',
  testFailed: '✗',
  testErrored: '!',
  testSummary: (passed: number, total: number) => `${passed} of ${total} test${total === 1 ? '' : 's'} passed.`,
  noTests: 'No tests ran: the tests file registers none with test(name, fn).',

  runTests: 'Run tests',
  hint: 'Hint',
  nextHint: (n: number, total: number) => `Hint ${n} of ${total}`,
  noMoreHints: 'No more hints.',
  showSolution: 'Show solution',
  confirmSolution: 'Replace your code with the solution? Your code will be lost.',
  confirmReset: 'Put back the starting code? Your code will be lost (the exercise stays marked complete).',
  exerciseComplete: 'Complete: all tests passed.',
  testsLabel: 'The tests your code must pass',
  exerciseIncomplete: 'Not complete yet.',
  chapterProgress: (done: number, total: number) => `Exercises: ${done} of ${total} done`,
  exercisesDone: (done: number, total: number) => ` (${done} of ${total} exercises done)`,
  chapterComplete: ' (completed)',
  nextChapterPrompt: 'You have done every exercise of this chapter. Next:',
  lastChapterDone: 'You have done every exercise of this chapter, and this is the last chapter.',

  share: 'Share',
  shareTitle: 'Put this code in a link, to send to someone who can help',
  sharedNotCounted: (passed: number, total: number) =>
    `${passed} of ${total} test${total === 1 ? '' : 's'} passed with the shared code, which does not count as ` +
    'completing the exercise. Go back to your code to complete it.',
  runPanelLabel: 'Run results',
  eventsTab: 'Events',
  aggregatesTab: 'Aggregates',
  numberedApplication: (name: string, n: number) => `${name} #${n}`,
  notificationLog: (application: string) => `${application}: notification log`,
  noEventsStored: 'No events stored.',
  logUnreadable: (application: string, error: string) =>
    `The notification log of ${application} could not be read: ${error}`,
  columnNotification: 'Id',
  columnAggregate: 'Aggregate',
  columnVersion: 'Version',
  columnEvent: 'Event',
  columnFields: 'Fields',
  columnTime: 'Time',
  fullId: (id: string) => `id ${id}`,
  notSaved: 'Not saved',
  notSavedHelp:
    'These events were recorded by aggregates, but no application saved them, so they are lost when the program ' +
    'ends. To keep them, save the aggregate: await app.save(aggregate).',
  firstRows: (shown: number, total: number, what: string) =>
    `Showing the first ${shown.toLocaleString('en')} of ${total.toLocaleString('en')} ${what}.`,
  notificationsNoun: 'notifications',
  applicationsNoun: 'applications',
  aggregatesNoun: 'aggregates',
  eventsNoun: 'events',
  versionsNoun: 'versions',
  untracked: (count: number) =>
    `${count.toLocaleString('en')} more aggregate object${count === 1 ? ' was' : 's were'} made than the explorer ` +
    'keeps track of; their unsaved events are not listed.',
  aggregatePicker: 'Aggregate',
  neverSaved: 'not saved',
  aggregateChoice: (aggregateClass: string, shortId: string, where: string) =>
    `${aggregateClass} ${shortId} (${where})`,
  previousVersion: 'Previous',
  nextVersion: 'Next',
  versionSlider: 'Version',
  versionPosition: (version: number, last: number) => `Version ${version} of ${last}`,
  versionEvent: (event: string, saved: boolean) => `after ${event}${saved ? '' : ' (not saved)'}`,
  stateCaption: (version: number) => `State after version ${version}`,
  columnProperty: 'Property',
  columnValue: 'Value',
  changed: 'changed',
  removed: '(removed)',
  noProperties: 'No properties.',
  earlierEventsUnknown:
    'Its earlier events were collected (collectEvents) without being saved, so its states before these cannot be ' +
    'replayed.',
  replayFailed: (error: string) => `Replaying its events failed: ${error}`,
} as const
