/**
 * A system: which applications follow which. Each pipe is a chain of application classes in which every
 * application follows the one before it; pipes may share applications, which makes a graph. A runner
 * constructs the applications and moves events along the edges.
 */
import { Application } from '../application/index.js'
import { stableNameOf } from '../domain/index.js'
import { ProgrammingError } from '../utils/errors.js'
import { describeValue } from '../utils/describe.js'
import { ProcessApplication } from './process-application.js'

/** A class of applications, as a system lists it. */
export type ApplicationClass<A extends Application = Application> = new (
  options?: ConstructorParameters<typeof Application>[0],
) => A

/** What a {@link System} is made of. */
export interface SystemOptions {
  /** Chains of application classes: in `[DogSchool, Counters]`, Counters follows DogSchool. */
  pipes: readonly (readonly ApplicationClass[])[]
}

/** The graph of applications that follow one another. */
export class System {
  /** The names of the applications, in the order they first appear in the pipes. */
  readonly nodes: readonly string[]
  /** Each (leader, follower) pair, in the order they first appear in the pipes. */
  readonly edges: readonly (readonly [leader: string, follower: string])[]
  readonly #classes = new Map<string, ApplicationClass>()

  /**
   * @throws {@link ProgrammingError} if a pipe is not an array of application classes, two classes have one
   *   name, an application follows itself, or a follower is not a {@link ProcessApplication}.
   * @example
   * ```ts
   * const system = new System({ pipes: [[DogSchool, Counters]] })
   * system.nodes // ['DogSchool', 'Counters']
   * system.edges // [['DogSchool', 'Counters']]
   * ```
   */
  constructor(options: SystemOptions) {
    const pipes = (options as Partial<SystemOptions> | undefined)?.pipes
    if (!Array.isArray(pipes) || pipes.some((pipe) => !Array.isArray(pipe))) {
      throw new ProgrammingError(
        `new System() takes { pipes: [[Leader, Follower], ...] }, arrays of application classes, but was given ` +
          `${describeValue(options)}.`,
      )
    }
    const edges: (readonly [string, string])[] = []
    const seen = new Set<string>()
    for (const pipe of pipes) {
      const names = (pipe as readonly ApplicationClass[]).map((cls) => this.#add(cls))
      for (let index = 1; index < names.length; index++) {
        const [leader, follower] = [names[index - 1]!, names[index]!]
        if (leader === follower) throw new ProgrammingError(`The application ${leader} cannot follow itself.`)
        if (!(this.#classes.get(follower)!.prototype instanceof ProcessApplication)) {
          throw new ProgrammingError(
            `${follower} follows ${leader} in the system, so it must extend ProcessApplication (from ` +
              `eventsourcing/system), which records how far it has processed the events of ${leader}.`,
          )
        }
        const key = `${leader}\u0000${follower}`
        if (!seen.has(key)) {
          seen.add(key)
          edges.push([leader, follower] as const)
        }
      }
    }
    this.nodes = [...this.#classes.keys()]
    this.edges = edges
  }

  /** The names of the applications that others follow. */
  get leaders(): string[] {
    return this.nodes.filter((name) => this.edges.some(([leader]) => leader === name))
  }

  /** The names of the applications that follow others. */
  get followers(): string[] {
    return this.nodes.filter((name) => this.edges.some(([, follower]) => follower === name))
  }

  /** The names of the applications the named one follows. */
  follows(name: string): string[] {
    return this.edges.filter(([, follower]) => follower === name).map(([leader]) => leader)
  }

  /** The names of the applications that follow the named one. */
  leads(name: string): string[] {
    return this.edges.filter(([leader]) => leader === name).map(([, follower]) => follower)
  }

  /**
   * Returns the class of the named application.
   *
   * @throws {@link ProgrammingError} if the system has no application of that name.
   */
  applicationClass(name: string): ApplicationClass {
    const cls = this.#classes.get(name)
    if (cls === undefined) {
      throw new ProgrammingError(
        `The system has no application named ${describeValue(name)}; its applications are ${this.nodes.join(', ')}.`,
      )
    }
    return cls
  }

  /**
   * Returns the name of an application class of the system.
   *
   * @throws {@link ProgrammingError} if the class is not in the system.
   */
  nameOf(cls: ApplicationClass): string {
    for (const [name, known] of this.#classes) if (known === cls) return name
    throw new ProgrammingError(
      `${(cls as { name?: string })?.name || describeValue(cls)} is not an application of this system; its ` +
        `applications are ${this.nodes.join(', ')}.`,
    )
  }

  #add(cls: ApplicationClass): string {
    if (typeof cls !== 'function' || !(cls.prototype instanceof Application)) {
      throw new ProgrammingError(`A system's pipes list application classes, but one of them is ${describeValue(cls)}.`)
    }
    const explicit = Object.hasOwn(cls, 'applicationName')
      ? (cls as { applicationName?: unknown }).applicationName
      : undefined
    const name = stableNameOf(cls, explicit, `the application ${cls.name}`, "static applicationName = 'DogSchool'")
    const known = this.#classes.get(name)
    if (known !== undefined && known !== cls) {
      throw new ProgrammingError(
        `Two applications of the system are named ${name}. Each needs its own name, because its settings and ` +
          `tables are named after it: give one a static applicationName.`,
      )
    }
    this.#classes.set(name, cls)
    return name
  }
}
