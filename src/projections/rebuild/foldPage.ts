import { decodeEvent, PoisonEventError, type EncodedEvent } from '../projectedEvent.js';
import type { ProjectedEvent } from '../projectedEvent.js';
import type { Projection } from '../Projection.js';

/** One projection's part of a folded page: its deltas, or its decoded events when it has no fold of its own. */
export type FoldedShare =
  { deltas: unknown; tenants: string[] } | { events: ProjectedEvent[]; tenants: string[] };

export interface FoldedPage {
  /** [index in the page, why] for each event that can never be projected. */
  poison: Array<[number, string]>;
  /** One per projection, in the order the fold was given them. */
  shares: FoldedShare[];
}

// Decodes a page once and folds it for every projection: what a rebuild's
// worker thread does with each page. Every event given is handled by at least
// one of the projections. Pure.
export function foldPage(
  projections: readonly Projection[],
  events: readonly EncodedEvent[],
): FoldedPage {
  const poison: Array<[number, string]> = [];
  const decoded: Array<ProjectedEvent | undefined> = events.map((event, index) => {
    try {
      return decodeEvent(event);
    } catch (error) {
      if (!(error instanceof PoisonEventError)) throw error;
      poison.push([index, error.message]);
      return undefined;
    }
  });
  const projected: ProjectedEvent[] = [];
  // The types in the page, each with its tenants: a projection that handles
  // every type there (most pages hold token issuances only) folds the page
  // as it is, without a pass over it of its own.
  const tenantsByType = new Map<string, Set<string>>();
  for (const event of decoded) {
    if (!event) continue;
    projected.push(event);
    let tenants = tenantsByType.get(event.type);
    if (!tenants) {
      tenants = new Set();
      tenantsByType.set(event.type, tenants);
    }
    tenants.add(event.tenantId);
  }
  const shares = projections.map((projection): FoldedShare => {
    const handles = (type: string) => projection.eventTypes.has(type as never);
    const types = [...tenantsByType.keys()].filter(handles);
    const mine =
      types.length === tenantsByType.size
        ? projected
        : projected.filter((event) => handles(event.type));
    const tenants = [...new Set(types.flatMap((type) => [...(tenantsByType.get(type) ?? [])]))];
    return projection.deltas
      ? { deltas: projection.deltas.fold(mine), tenants }
      : { events: mine, tenants };
  });
  return { poison, shares };
}
