import { createRequire } from 'node:module';
import type * as Grpc from '@grpc/grpc-js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';

// The client's own generated code, loaded through the client's package so the
// double shares its google-protobuf and @grpc/grpc-js copies (the client
// checks `instanceof Metadata`, and protobuf messages must come from the
// runtime that encodes them).
const load = createRequire(import.meta.url);
const fromClient = createRequire(load.resolve('@eventstore/db-client/generated/streams_pb.js'));

export const grpc = load('@grpc/grpc-js') as typeof Grpc;
export const streams = load('@eventstore/db-client/generated/streams_pb.js') as typeof StreamsPb;
export const shared = load('@eventstore/db-client/generated/shared_pb.js') as typeof SharedPb;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped generated modules
type Untyped = any;
export const streamsService = (
  load('@eventstore/db-client/generated/streams_grpc_pb.js') as Untyped
).StreamsService as Grpc.ServiceDefinition;
export const serverFeatures = load(
  '@eventstore/db-client/generated/serverfeatures_pb.js',
) as Untyped;
export const serverFeaturesService = (
  load('@eventstore/db-client/generated/serverfeatures_grpc_pb.js') as Untyped
).ServerFeaturesService as Grpc.ServiceDefinition;
export const status = load('@eventstore/db-client/generated/status_pb.js') as Untyped;
export const googleAny = fromClient('google-protobuf/google/protobuf/any_pb.js') as Untyped;
export const googleEmpty = fromClient('google-protobuf/google/protobuf/empty_pb.js') as Untyped;
