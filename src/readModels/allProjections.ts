import { NotFoundError } from '../errors.js';
import type { Projection } from '../projections/Projection.js';
import { readModels } from './readModels.js';

export const allProjections: readonly Projection[] = readModels.map((model) => model.projection);

/** This module, for a rebuild's worker thread to load the projections from. */
export const allProjectionsModule = import.meta.url;

export function findProjection(name: string): Projection {
  const found = allProjections.find((projection) => projection.name === name);
  if (!found) {
    const known = allProjections.map((projection) => projection.name).join(', ');
    throw new NotFoundError(`Unknown projection ${name} (known: ${known})`);
  }
  return found;
}
