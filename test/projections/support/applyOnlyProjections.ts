import type { Projection } from '../../../src/projections/Projection.js';
import { allProjections as withFolds } from '../../../src/readModels/allProjections.js';

// Every projection without its fold and write: only `apply`, as a read model
// that does not split it has. A rebuild's fold thread loads them from here.
export const allProjections: readonly Projection[] = withFolds.map(
  ({ deltas: _deltas, ...withoutFold }) => withoutFold,
);

export const applyOnlyProjectionsModule = import.meta.url;
