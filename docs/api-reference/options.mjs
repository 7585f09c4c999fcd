// The API reference's options for starlight-typedoc: one TypeDoc entry point per public subpath of the library
// (read from lib/package.json's `exports`, so a new subpath gets its reference without an edit here), written as
// Markdown into docs/content/docs/api/ at build time (that folder is generated: it is git-ignored).
import { readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'

const LIB = new URL('../../lib/', import.meta.url)
const { exports } = JSON.parse(readFileSync(new URL('package.json', LIB), 'utf8'))

/**
 * The source entry point of every subpath but the root (which re-exports domain, application and persistence,
 * documented under their own names) and `./package.json`.
 */
export const entryPoints = Object.entries(exports)
  .filter(([subpath, target]) => subpath !== '.' && typeof target === 'object')
  .map(([, target]) => fileURLToPath(new URL(target['eventsourcing-source'], LIB)))

/** The folder under docs/content/docs/ the pages are written to, and so their URL prefix. */
export const output = 'api'

/** @type {import('starlight-typedoc').StarlightTypeDocOptions} */
export const apiReferenceOptions = {
  entryPoints,
  tsconfig: fileURLToPath(new URL('tsconfig.build.json', LIB)),
  output,
  sidebar: { label: 'API reference', collapsed: true },
  typeDoc: {
    plugin: ['link-by-name-plugin.mjs', 'strict-plugin.mjs'].map((file) =>
      fileURLToPath(new URL(file, import.meta.url)),
    ),
    // The protected hooks on Application (constructMapper, constructRecorder, …) are the extension points.
    excludeProtected: false,
    excludePrivate: true,
    excludeInternal: true,
    // The site does not know the repository's address: no "Defined in" links that would lead nowhere.
    disableSources: true,
    // `npm run build:lib` and `npm run typecheck` type-check the library; TypeDoc need not do it again.
    skipErrorChecking: true,
    treatWarningsAsErrors: true,
    validation: { notExported: true, notDocumented: true, invalidLink: true, invalidPath: true },
    // TypeDoc's default kinds, written out so that the rule is visible here.
    requiredToBeDocumented: [
      'Enum',
      'EnumMember',
      'Variable',
      'Function',
      'Class',
      'Interface',
      'Property',
      'Method',
      'Accessor',
      'TypeAlias',
    ],
    // Types of protected hooks that are the library's own business (their hooks are documented).
    intentionallyNotExported: ['MemoryRecord', 'SqlValue'],
    // Each entry is a TypeDoc "does not have any documentation" warning let through; TypeDoc fails the build
    // when an entry is no longer needed, so the list only shrinks. The first entries live in files other
    // branches are changing (domain/, the in-memory recorders): document them there, then delete them here.
    intentionallyNotDocumented: [
      ...['AggregateCreated', 'AggregateEvent', 'DomainEvent', 'Snapshot'].flatMap((event) =>
        ['originatorId', 'originatorVersion', 'timestamp'].map((field) => `domain.${event}.${field}`),
      ),
      'domain.AggregateCreated.originatorTopic',
      'domain.AggregateEventClass.__type.create',
      ...['Aggregate', 'Application', 'Process'].map(
        (kind) => `persistence.InMemory${kind}Recorder.checkVersionsAreFree`,
      ),
      // A constructor type inside a documented property: TypeDoc asks for a comment on the signature itself.
      'projection.ProjectionRunnerOptions.projection.__type',
      'persistence.Transcoding.type.__type',
    ],
    // Module pages as index.md (/api/domain/): starlight-typedoc deletes README.md pages unless `readme` is set.
    entryFileName: 'index',
    sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
    parametersFormat: 'table',
    interfacePropertiesFormat: 'table',
    useCodeBlocks: true,
  },
}
