import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';

const gzipAsync = promisify(gzip);

/** A JSON answer ready to send: as is, and gzipped when it is kept for reuse. */
export interface EncodedAnswer {
  json: Buffer;
  gzip?: Buffer;
}

/**
 * Serialized answers of the read-model queries, keyed on everything the
 * answer depends on: the tenant, the parameters, the time window and the
 * read-model version (readModelVersion.ts). An entry is never invalidated;
 * a write changes the version, and the old key ages out of the LRU.
 */
export interface AnswerCache {
  getOrCompute(key: string, compute: () => Promise<string | Buffer>): Promise<EncodedAnswer>;
}

// Large answers are sent many times per computation, so they are compressed
// once, off the event loop, and kept beside the plain bytes. At the fastest
// level: a busy tenant's answer is recomputed after every projection batch,
// and for the heatmap's 2.2 MB the default level takes several times longer
// (bench/README.md, queries) for an answer about 15% smaller.
const compressFromBytes = 1024;
const maxAgeMs = 10 * 60_000;

async function encode(body: string | Buffer): Promise<EncodedAnswer> {
  const json = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (json.length < compressFromBytes) return { json };
  return { json, gzip: await gzipAsync(json, { level: constants.Z_BEST_SPEED }) };
}

function sizeOf(answer: EncodedAnswer, key: string): number {
  return answer.json.length + (answer.gzip?.length ?? 0) + key.length;
}

export function answerCache(options: { maxBytes: number }): AnswerCache {
  if (options.maxBytes <= 0) {
    return {
      getOrCompute: async (_key, compute) => {
        const body = await compute();
        return { json: typeof body === 'string' ? Buffer.from(body, 'utf8') : body };
      },
    };
  }
  const entries = new LRUCache<string, EncodedAnswer>({
    maxSize: options.maxBytes,
    // Versions move with every projection write; the age limit only bounds
    // what a write outside the projections (a hand edit, a worker of an older
    // release during a rolling upgrade) could leave stale.
    ttl: maxAgeMs,
    sizeCalculation: sizeOf,
  });
  // Dashboards of one tenant refresh together; concurrent misses of a key
  // share one computation. When it fails, its waiters try again, one of
  // them computing and the rest waiting on it, rather than all at once on a
  // database that just timed out.
  const inFlight = new Map<string, Promise<EncodedAnswer>>();
  const computeAndKeep = async (key: string, compute: () => Promise<string | Buffer>) => {
    const answer = await encode(await compute());
    if (sizeOf(answer, key) <= options.maxBytes) entries.set(key, answer);
    return answer;
  };
  const getOrCompute = async (
    key: string,
    compute: () => Promise<string | Buffer>,
  ): Promise<EncodedAnswer> => {
    const cached = entries.get(key);
    if (cached !== undefined) return cached;
    const running = inFlight.get(key);
    if (running) return running.catch(() => getOrCompute(key, compute));
    const computing = computeAndKeep(key, compute).finally(() => inFlight.delete(key));
    inFlight.set(key, computing);
    return computing;
  };
  return { getOrCompute };
}
