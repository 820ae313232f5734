/**
 * Stands in for `@smithy/core/event-streams` in every bundle (MSV_BUNDLING's esbuild alias). AWS event streams
 * (S3 SelectObjectContent, Bedrock, Transcribe…) are used by no msv function, yet every SDK client bundles their
 * codecs: the JSON and XML protocols load them with a dynamic import that esbuild inlines, and the S3 client
 * builds a marshaller at construction. That is ~20 KB of each bundle and of its import time.
 *
 * The exports are the names the bundled SDK code imports (a missing one fails the build, never a request); any
 * event-stream operation fails with this error when its stream is written or read, never silently. Only the
 * bundles: tests, `npm start` and the admin CLI run the real module.
 */

/** What a call that needs event streams throws. */
export class EventStreamsNotBundledError extends Error {
  constructor() {
    super('AWS event streams are not bundled in msv functions (functions/lib/no-event-streams.ts)');
    this.name = 'EventStreamsNotBundledError';
  }
}

const unsupported = (): never => {
  throw new EventStreamsNotBundledError();
};

/** A marshaller whose every use fails: the S3 client builds one at construction, and never uses it in msv. */
const marshaller = { serialize: unsupported, deserialize: unsupported };

/** The S3 client's runtime config asks for the provider when the client is built, so it must not throw. */
export const eventStreamSerdeProvider = (): typeof marshaller => marshaller;

/** The client's config resolver, with the failing marshaller. */
export const resolveEventStreamSerdeConfig = <T extends object>(
  input: T,
): T & { eventStreamMarshaller: typeof marshaller } =>
  Object.assign(input, { eventStreamMarshaller: marshaller });

/** What the protocols load for an event-stream operation: constructing it fails. */
export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}
