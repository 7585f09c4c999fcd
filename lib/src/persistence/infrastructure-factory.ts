/**
 * Chooses and builds an application's persistence from its settings alone, so that application code
 * never changes between stores. `PERSISTENCE_MODULE` names a module that exports a `Factory` class
 * (`eventsourcing/sqlite`, `eventsourcing/postgres`, or your own); without it, events stay in memory.
 * `CIPHER_TOPIC` and `COMPRESSOR_TOPIC` name a module and an export (`eventsourcing/cipher:AesCipher`);
 * `CIPHER_KEY` alone selects `AesCipher`, as in the Python library, so a key is never silently unused.
 *
 * Modules are loaded with a dynamic `import()` of a computed name, so that bundling the browser-safe
 * layers never pulls in a Node-only store.
 */
import { CIPHER_KEY, decodeCipherKey, DEFAULT_CIPHER_TOPIC } from './cipher-key.js'
import { InMemoryAggregateRecorder, InMemoryApplicationRecorder, InMemoryProcessRecorder } from './in-memory.js'
import { Mapper, type Cipher, type Compressor } from './mapper.js'
import { InMemoryTrackingRecorder } from './in-memory-tracking-recorder.js'
import type { AggregateRecorder, ApplicationRecorder, ProcessRecorder } from './recorders.js'
import type { TrackingRecorder } from './tracking-recorder.js'
import { isPythonFormat, STORAGE_FORMAT } from './python-settings.js'
import { JSONTranscoder } from './transcoder.js'
import { Environment } from '../utils/environment.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'

/** The setting that names the persistence module. */
export const PERSISTENCE_MODULE = 'PERSISTENCE_MODULE'
/** The setting that names the cipher class, as `module:ExportName`. */
export const CIPHER_TOPIC = 'CIPHER_TOPIC'
/** The setting that names the compressor class, as `module:ExportName`. */
export const COMPRESSOR_TOPIC = 'COMPRESSOR_TOPIC'

const IN_MEMORY_MODULES = new Set(['', 'eventsourcing/persistence', 'eventsourcing/popo', 'eventsourcing/memory'])

/** The optional codecs a mapper applies to stored state. */
export interface Codecs {
  /** Encrypts stored state. */
  cipher?: Cipher | undefined
  /** Compresses stored state. */
  compressor?: Compressor | undefined
}

/**
 * A class of views (tracking recorders) of one store, as a factory constructs it: with no arguments in memory,
 * with the factory's datastore and table options in SQLite and PostgreSQL.
 */
export type TrackingRecorderClass<R extends TrackingRecorder = TrackingRecorder> = abstract new (...args: any[]) => R

/** A class of {@link InfrastructureFactory}, as a persistence module exports it under the name `Factory`. */
export type InfrastructureFactoryClass = new (env: Environment) => InfrastructureFactory

/** Builds the transcoder, mapper and recorders of one application for one kind of store. */
export abstract class InfrastructureFactory {
  constructor(
    /** The application's settings. */
    readonly env: Environment,
  ) {}

  /**
   * Returns the factory that the settings choose: in memory (at once) unless `PERSISTENCE_MODULE` names a
   * module, which is then loaded (a promise). With `STORAGE_FORMAT=python` it is the module's `PythonFactory`,
   * which reads and writes the Python library's tables.
   *
   * @throws {@link ProgrammingError} at once if `AesCipher` is selected and `CIPHER_KEY` is missing or
   *   malformed, or `STORAGE_FORMAT=python` is set without a database module; later (the promise) if the
   *   module cannot be loaded or exports no `Factory` (or `PythonFactory`) class.
   */
  static construct(env: Environment): InfrastructureFactory | Promise<InfrastructureFactory> {
    const python = isPythonFormat(env)
    // The Python format has its own cipher (another record layout, and 16-, 24- or 32-byte keys).
    if (!python) checkCipherSettings(env)
    const moduleName = (env.get(PERSISTENCE_MODULE) ?? '').trim()
    if (IN_MEMORY_MODULES.has(moduleName)) {
      if (python) {
        throw new ProgrammingError(
          `The setting ${STORAGE_FORMAT}=python shares a database with the Python library, but ` +
            `${PERSISTENCE_MODULE} chooses no database (${JSON.stringify(moduleName)}): set it to ` +
            `eventsourcing/sqlite or eventsourcing/postgres.`,
        )
      }
      return new InMemoryFactory(env)
    }
    return loadFactory(moduleName, python ? 'PythonFactory' : 'Factory').then((Factory) => new Factory(env))
  }

  /** Whether the settings name a cipher, a key or a compressor, which must be loaded before the mapper is built. */
  needsCodecs(): boolean {
    return Boolean(cipherTopicOf(this.env) || this.env.get(COMPRESSOR_TOPIC))
  }

  /**
   * Loads and constructs the cipher and compressor the settings name.
   *
   * @throws {@link ProgrammingError} if a topic cannot be loaded.
   */
  async loadCodecs(): Promise<Codecs> {
    const codecs: Codecs = {}
    const cipherTopic = cipherTopicOf(this.env)
    if (cipherTopic) {
      const Cipher = (await loadTopic(cipherTopic, CIPHER_TOPIC)) as new (env: Environment) => Cipher
      codecs.cipher = new Cipher(this.env)
    }
    const compressorTopic = this.env.get(COMPRESSOR_TOPIC)
    if (compressorTopic) {
      const Compressor = (await loadTopic(compressorTopic, COMPRESSOR_TOPIC)) as new () => Compressor
      codecs.compressor = new Compressor()
    }
    return codecs
  }

  /** Returns a new JSON transcoder; the application registers its transcodings on it. */
  transcoder(): JSONTranscoder {
    return new JSONTranscoder()
  }

  /** Returns a mapper with the given transcoder and codecs. */
  mapper(transcoder: JSONTranscoder, codecs: Codecs = {}): Mapper {
    return new Mapper({ transcoder, cipher: codecs.cipher, compressor: codecs.compressor })
  }

  /** Returns a recorder of aggregates' events. */
  abstract aggregateRecorder(): AggregateRecorder
  /** Returns a recorder of events that also numbers them (what an application uses). */
  abstract applicationRecorder(): ApplicationRecorder
  /** Returns an application recorder that also tracks upstream positions (what a process application uses). */
  abstract processRecorder(): ProcessRecorder

  /**
   * The class that this store's views extend (`InMemoryTrackingRecorder`, `SqliteTrackingRecorder`,
   * `PostgresTrackingRecorder`), or `undefined` if the store keeps no views.
   */
  get trackingRecorderClass(): TrackingRecorderClass | undefined {
    return undefined
  }

  /**
   * Returns a view of this store: an instance of `viewClass` (by default the store's own tracking recorder),
   * on this factory's database, with its tracking table named `<name>_tracking` after the settings' name.
   *
   * @throws {@link ProgrammingError} if this store keeps no views, or `viewClass` does not extend the store's
   *   tracking recorder class (it was written for another store).
   */
  trackingRecorder<R extends TrackingRecorder = TrackingRecorder>(viewClass?: TrackingRecorderClass<R>): R {
    const base = this.trackingRecorderClass
    const store = (this.env.get(PERSISTENCE_MODULE) ?? '').trim() || 'in memory'
    if (base === undefined) {
      throw new ProgrammingError(
        `The store the settings choose (${store}) keeps no views: its factory ${this.constructor.name} has no ` +
          `tracking recorder class.`,
      )
    }
    const cls = viewClass ?? (base as TrackingRecorderClass<R>)
    if (!extendsClass(cls, base)) {
      throw new ProgrammingError(
        `The view class ${describeValue(cls)} does not extend ${base.name}, the base of views in the store the ` +
          `settings choose (${store}). Give a view class written for this store, or change PERSISTENCE_MODULE.`,
      )
    }
    return this.constructTrackingRecorder(cls as unknown as new (...args: unknown[]) => R)
  }

  /** Constructs a view class that extends {@link InfrastructureFactory.trackingRecorderClass}. */
  protected constructTrackingRecorder<R extends TrackingRecorder>(cls: new (...args: unknown[]) => R): R {
    return new cls()
  }

  /** Releases connections and files. The factory's recorders must not be used afterwards. */
  async close(): Promise<void> {}
}

/** Tells whether `cls` is `base` or a subclass of it. */
export function extendsClass(cls: unknown, base: abstract new (...args: never[]) => unknown): boolean {
  return cls === base || (typeof cls === 'function' && cls.prototype instanceof base)
}

/** Builds in-memory recorders: the default persistence. */
export class InMemoryFactory extends InfrastructureFactory {
  aggregateRecorder(): AggregateRecorder {
    return new InMemoryAggregateRecorder()
  }
  applicationRecorder(): ApplicationRecorder {
    return new InMemoryApplicationRecorder()
  }
  processRecorder(): ProcessRecorder {
    return new InMemoryProcessRecorder()
  }
  override get trackingRecorderClass(): TrackingRecorderClass {
    return InMemoryTrackingRecorder
  }
}

/** The cipher the settings select: `CIPHER_TOPIC`, else `AesCipher` when `CIPHER_KEY` is set, else none. */
function cipherTopicOf(env: Environment): string | undefined {
  const topic = env.get(CIPHER_TOPIC)?.trim()
  if (topic) return topic
  return env.get(CIPHER_KEY)?.trim() ? DEFAULT_CIPHER_TOPIC : undefined
}

/** Refuses a missing or malformed key for `AesCipher` when the application is made, not at its first save. */
function checkCipherSettings(env: Environment): void {
  if (cipherTopicOf(env) === DEFAULT_CIPHER_TOPIC) decodeCipherKey(env.get(CIPHER_KEY))
}

/** A module's exports, as a loader registered with {@link registerModuleLoader} gives them. */
export type ModuleExports = Record<string, unknown>

const moduleLoaders = new Map<string, () => Promise<ModuleExports>>()

/**
 * Tells the settings how to load the module `specifier` (named by `PERSISTENCE_MODULE`, or by the module part of
 * `CIPHER_TOPIC` or `COMPRESSOR_TOPIC`), instead of a dynamic `import()` of the name. A bundled app needs it: a
 * bundler cannot follow an import of a name computed at run time, so register the stores the app may choose, with
 * an import the bundler can see. Registering a specifier again replaces its loader.
 *
 * @example
 * ```ts
 * registerModuleLoader('eventsourcing/pglite', () => import('eventsourcing/pglite'))
 * const app = new DogSchool({ env: { PERSISTENCE_MODULE: 'eventsourcing/pglite', PGLITE_DATA_DIR: 'idb://dogs' } })
 * ```
 */
export function registerModuleLoader(specifier: string, load: () => Promise<ModuleExports>): void {
  moduleLoaders.set(specifier, load)
}

async function importModule(specifier: string, setting: string, value: string): Promise<ModuleExports> {
  try {
    const load = moduleLoaders.get(specifier)
    if (load !== undefined) return await load()
    return (await import(/* @vite-ignore */ specifier)) as ModuleExports
  } catch (cause) {
    throw new ProgrammingError(
      `The setting ${setting}=${JSON.stringify(value)} names the module '${specifier}', which could not be ` +
        `loaded (${(cause as Error).message}). Use eventsourcing/sqlite or eventsourcing/postgres, or a module ` +
        `that is installed; leave ${PERSISTENCE_MODULE} unset to keep events in memory.`,
      { cause },
    )
  }
}

async function loadFactory(moduleName: string, exportName: string): Promise<InfrastructureFactoryClass> {
  const module = await importModule(moduleName, PERSISTENCE_MODULE, moduleName)
  const Factory = module[exportName]
  // Checked by shape, not instanceof: a bundled copy of this module is a different class from the package's.
  const prototype = (Factory as { prototype?: Partial<InfrastructureFactory> } | undefined)?.prototype
  if (typeof Factory !== 'function' || typeof prototype?.applicationRecorder !== 'function') {
    throw new ProgrammingError(
      `The module '${moduleName}' named by ${PERSISTENCE_MODULE} does not export a ${exportName} class that ` +
        `extends InfrastructureFactory (its ${exportName} export is ${describeValue(Factory)}).`,
    )
  }
  return Factory as InfrastructureFactoryClass
}

/**
 * Loads the export a topic names: `module:ExportName`.
 *
 * @throws {@link ProgrammingError} if the topic is malformed, or the module or export is missing.
 */
export async function loadTopic(topic: string, setting: string): Promise<unknown> {
  const separator = topic.lastIndexOf(':')
  if (separator <= 0 || separator === topic.length - 1) {
    throw new ProgrammingError(
      `The setting ${setting}=${JSON.stringify(topic)} is not a topic: write the module and the export name ` +
        `separated by a colon, such as eventsourcing/cipher:AesCipher.`,
    )
  }
  const specifier = topic.slice(0, separator)
  const exportName = topic.slice(separator + 1)
  const module = await importModule(specifier, setting, topic)
  if (!(exportName in module)) {
    throw new ProgrammingError(
      `The setting ${setting}=${JSON.stringify(topic)} names the export '${exportName}', which the module ` +
        `'${specifier}' does not have.`,
    )
  }
  return module[exportName]
}
