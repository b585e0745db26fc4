import { InvalidEventError } from '../errors.js';
import { eventMetadataSchema, type EventMetadata } from './metadata.js';
import { findSecretLikeContent } from './noSecrets.js';
import { eventSchemas, isEventType, type EventType } from './schemas.js';
import { findUnstorableText } from './storableText.js';
import { upcasters } from './upcasters.js';

export interface ValidatedEvent {
  type: EventType;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
}

// Called by every adapter before writing: unknown types, invalid data or
// metadata, and anything secret-looking are refused, and nothing is written.
export function validateForAppend(type: string, data: unknown, metadata: unknown): ValidatedEvent {
  if (!isEventType(type)) throw new InvalidEventError(`Unknown event type ${type}`);
  const definition = eventSchemas[type];
  const parsedData = definition.schema.safeParse(data);
  if (!parsedData.success) {
    throw new InvalidEventError(`Invalid ${type} data: ${parsedData.error.issues[0]?.message}`);
  }
  const parsedMetadata = eventMetadataSchema.safeParse(metadata);
  if (!parsedMetadata.success) {
    const issue = parsedMetadata.error.issues[0];
    throw new InvalidEventError(
      `Invalid ${type} metadata at ${issue?.path.join('.')}: ${issue?.message}`,
    );
  }
  const secretAt = findSecretLikeContent(data) ?? findSecretLikeContent(metadata);
  if (secretAt) throw new InvalidEventError(`${type} must not contain secrets (at ${secretAt})`);
  const unstorableAt = findUnstorableText(data) ?? findUnstorableText(metadata);
  if (unstorableAt) {
    throw new InvalidEventError(`${type} holds text that cannot be stored (at ${unstorableAt})`);
  }
  return {
    type,
    schemaVersion: definition.version,
    data: parsedData.data,
    metadata: { ...parsedMetadata.data, schemaVersion: definition.version },
  };
}

export interface UpcastRegistry {
  /** Current schema version per event type. */
  currentVersion(type: string): number | undefined;
  /** Upcasters keyed by `${type}@${fromVersion}`, each lifting data one version. */
  steps: Readonly<Record<string, (data: unknown) => unknown>>;
}

export const defaultUpcastRegistry: UpcastRegistry = {
  currentVersion: (type) => (isEventType(type) ? eventSchemas[type].version : undefined),
  steps: upcasters,
};

// Called on read: brings stored data of any older schema version up to the
// current one, step by step. Unknown types pass through untouched so old logs
// stay readable after a type is retired.
export function upcast(
  type: string,
  schemaVersion: number,
  data: unknown,
  registry: UpcastRegistry = defaultUpcastRegistry,
): { version: number; data: unknown } {
  const target = registry.currentVersion(type);
  if (target === undefined) return { version: schemaVersion, data };
  let version = schemaVersion;
  let current = data;
  while (version < target) {
    const step = registry.steps[`${type}@${version}`];
    if (!step) throw new InvalidEventError(`No upcaster for ${type} version ${version}`);
    current = step(current);
    version += 1;
  }
  return { version, data: current };
}

/** What the event store adapters are given to check events on append and lift them on read. */
export const domainEventCodec = {
  validate: validateForAppend,
  upcast: (type: string, schemaVersion: number, data: unknown) => upcast(type, schemaVersion, data),
};
