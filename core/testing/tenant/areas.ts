/**
 * The extension point for parts of Microsoft 365 the emulated tenant does not model itself (To Do,
 * OneDrive…): a plugin's mocks keep their state in an area, and `emulator.reset()` reseeds it with
 * the built-in ones.
 */
import type { FakeTenant } from './fake-tenant';

/** The tenant's own areas; an added area may not take their names. */
export const BUILT_IN_AREAS = ['directory', 'mail', 'calendar'] as const;

export interface TenantAreaDefinition<S> {
  /** Lower-case, e.g. `todo`; unique in one emulator. Also the area part of `areaItemId`. */
  name: string;
  /**
   * The area's seeded state. Called when the tenant is created and on every reset, after the built-in
   * areas are seeded (so it may read `tenant.users` or mail). Must be deterministic: same seed, same ids.
   */
  seed(tenant: FakeTenant): S;
  /** The state after a reset (default: `seed(tenant)` again). Return a fresh object, not `previous`. */
  reset?(previous: S, tenant: FakeTenant): S;
}

/** A registered area's definition; pass it to `env.area()` / `tenant.area()` to reach its typed state. */
export interface TenantArea<S> extends Readonly<TenantAreaDefinition<S>> {
  readonly kind: 'tenant-area';
}

const NAME_RE = /^[a-z][a-z0-9-]*$/;

/**
 * Declare an area of emulated state for a plugin's mocks.
 *
 * @example
 * interface Task { id: string; title: string; status: 'notStarted' | 'completed' }
 * export const todoArea = defineTenantArea({
 *   name: 'todo',
 *   seed: (tenant) =>
 *     new Map(tenant.users.map((u) => [u.id, [{ id: areaItemId('todo', `${u.id}:0`), title: 'Plan', status: 'notStarted' }]])),
 * });
 * // mocks.ts: createEmulator({ ..., areas: [todoArea] }) or `{ name, areas: [todoArea], handlers }`
 * const tasks = env.area(todoArea).get(user.id) ?? [];
 */
export function defineTenantArea<S>(definition: TenantAreaDefinition<S>): TenantArea<S> {
  const { name } = definition;
  if (!NAME_RE.test(name)) throw new Error(`defineTenantArea: name '${name}' must match ${NAME_RE}`);
  if ((BUILT_IN_AREAS as readonly string[]).includes(name)) {
    throw new Error(`defineTenantArea: '${name}' is a built-in area of the tenant`);
  }
  if (typeof definition.seed !== 'function') throw new Error(`defineTenantArea: area '${name}' has no seed()`);
  return Object.freeze({ ...definition, kind: 'tenant-area' as const });
}

/** The distinct areas of a list; two different definitions under one name are a setup mistake. */
export function uniqueAreas(areas: Iterable<TenantArea<unknown>>): TenantArea<unknown>[] {
  const byName = new Map<string, TenantArea<unknown>>();
  for (const area of areas) {
    const known = byName.get(area.name);
    if (known && known !== area) throw new Error(`Emulator: two different tenant areas are named '${area.name}'`);
    byName.set(area.name, area);
  }
  return [...byName.values()];
}

/** The live state of the added areas of one tenant. */
export class AreaStates {
  private states = new Map<TenantArea<unknown>, unknown>();

  constructor(private readonly areas: readonly TenantArea<unknown>[]) {}

  /** Seed every area on first use, reset (or reseed) it afterwards. */
  reset(tenant: FakeTenant): void {
    const next = new Map<TenantArea<unknown>, unknown>();
    for (const area of this.areas) {
      const had = this.states.has(area);
      next.set(area, had && area.reset ? area.reset(this.states.get(area), tenant) : area.seed(tenant));
    }
    this.states = next;
  }

  get<S>(area: TenantArea<S>): S {
    if (!this.states.has(area)) {
      const sameName = this.areas.some((a) => a.name === area.name);
      throw new Error(
        sameName
          ? `FakeTenant: another definition of area '${area.name}' is registered; import the one the emulator got`
          : `FakeTenant: area '${area.name}' is not registered; pass it in createEmulator({ areas }) or the plugin mock's areas`,
      );
    }
    return this.states.get(area) as S;
  }

  names(): string[] {
    return this.areas.map((a) => a.name);
  }
}
