// Pure.
/** How stack traces name the runtime modules' files; shared by the browser's runner and `tutorial-tests`. */
import {
  ASSERT_SPECIFIER,
  PLAYGROUND_SPECIFIERS,
  runtimeModuleFile,
  TESTING_SPECIFIER,
  type ModuleMap,
} from '../compiler/modules'
import type { ObserveRequest } from '../shared/protocol'

/**
 * Names each runtime module file served from `base`: a library subpath by its specifier, a shared chunk as
 * `eventsourcing`, and the assert and test modules as `null`, so that their frames are left out of stacks.
 */
export function runtimeModuleNames(
  base: string,
  files: ReadonlyArray<{ path: string }>,
): Record<string, string | null> {
  const names: Record<string, string | null> = {}
  for (const file of files) names[base + file.path] = 'eventsourcing'
  for (const specifier of PLAYGROUND_SPECIFIERS) {
    const internal = specifier === ASSERT_SPECIFIER || specifier === TESTING_SPECIFIER
    names[base + runtimeModuleFile(specifier)] = internal ? null : specifier
  }
  return names
}

/**
 * The URLs, in a module map, of the library's modules that hold its instrumentation points, which a run observed
 * for the explorer imports (the copy of the library its program imports).
 */
export function observedModules(modules: ModuleMap): Omit<ObserveRequest, 'unsavedFromPart'> {
  return {
    domain: modules['eventsourcing/domain']!,
    application: modules['eventsourcing/application']!,
    persistence: modules['eventsourcing/persistence']!,
  }
}
