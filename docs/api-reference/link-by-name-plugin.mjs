// A TypeDoc plugin that resolves `{@link Name}` to the library's one export of that name when the comment's own
// file does not import it. TSDoc comments name errors of other modules (`@throws {@link OperationalError}`)
// without importing them just for the comment; TypeDoc resolves links through the file's scope and the comment's
// own module only, and would report those links as broken. A name that is exported under two different
// declarations, or by none, stays unresolved, so that the strict plugin still fails the build on it.
import { ReflectionKind } from 'typedoc'

/**
 * The reflection a simple declaration reference (`Name`, `Name.member`, `Name#member`) names among the project's
 * exports, if exactly one declaration has that name.
 * @param {import('typedoc').ProjectReflection} project
 * @param {import('typedoc').DeclarationReference} ref
 * @returns {import('typedoc').Reflection | undefined}
 */
function resolveByName(project, ref) {
  const path = ref.symbolReference?.path
  if (ref.moduleSource !== undefined || !path?.length) return undefined
  const [first, ...rest] = path
  const exports = project
    .getChildrenByKind(ReflectionKind.Module)
    .flatMap((module) => module.children?.filter((child) => child.name === first.path) ?? [])
    // A declaration exported by a second subpath is a reference to the first one's page.
    .map((child) => (child.kindOf(ReflectionKind.Reference) ? child.getTargetReflectionDeep() : child))
  const declarations = new Set(exports.map((child) => project.getSymbolIdFromReflection(child)?.getStableKey()))
  if (exports.length === 0 || declarations.size !== 1) return undefined
  let target = exports[0]
  for (const component of rest) {
    target = target?.getChildByName?.(component.path)
    if (!target) return undefined
  }
  return target
}

/**
 * Registers the resolver (TypeDoc calls this when it loads the plugin).
 * @param {import('typedoc').Application} app
 */
export function load(app) {
  app.converter.addUnknownSymbolResolver((ref, reflection, part) => {
    // Only the links written in comments: a type that refers to an unexported type stays a validation warning.
    if (part === undefined) return undefined
    const target = resolveByName(reflection.project, ref)
    return target ? { target } : undefined
  })
}
