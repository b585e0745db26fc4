import { LRUCache } from 'lru-cache';

/**
 * Serialized answers of the read-model queries, keyed on everything the
 * answer depends on: the tenant, the parameters, the time window and the
 * read-model version (readModelVersion.ts). An entry is never invalidated;
 * a write changes the version, and the old key ages out of the LRU.
 */
export interface AnswerCache {
  getOrCompute(key: string, compute: () => Promise<string>): Promise<string>;
}

export function answerCache(options: { maxBytes: number }): AnswerCache {
  if (options.maxBytes <= 0) return { getOrCompute: (_key, compute) => compute() };
  const entries = new LRUCache<string, string>({
    maxSize: options.maxBytes,
    // UTF-16 code units; the answers are ASCII JSON, one byte each on the wire.
    sizeCalculation: (body, key) => body.length + key.length,
  });
  return {
    async getOrCompute(key, compute) {
      const cached = entries.get(key);
      if (cached !== undefined) return cached;
      const body = await compute();
      if (body.length <= options.maxBytes) entries.set(key, body);
      return body;
    },
  };
}
