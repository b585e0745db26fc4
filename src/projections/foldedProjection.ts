import type { DeltaFold, Projection, ShadowBuild } from './Projection.js';

/** A projection defined by its fold and its write; `apply` is one after the other. */
export function foldedProjection<Deltas>(
  definition: Pick<Projection, 'name' | 'table' | 'companionTables' | 'eventTypes'> &
    DeltaFold<Deltas> & { shadowBuild?: ShadowBuild<Deltas> },
): Projection {
  const { name, table, companionTables, eventTypes, fold, write, shadowBuild } = definition;
  return {
    name,
    table,
    ...(companionTables ? { companionTables } : {}),
    eventTypes,
    apply: (client, table, events) => write(client, table, fold(events)),
    deltas: { fold, write } as DeltaFold,
    ...(shadowBuild ? { shadowBuild: shadowBuild as ShadowBuild } : {}),
  };
}
