// Types of the shared JavaScript API, shipped by both `signhook` and `signhook-wasm`
// (checked by bindings-node/types/check.ts with tsc against both packages).

/** A provider signhook verifies. */
export type Provider =
  | 'krebit'
  | 'sajn'
  | 'propper'
  | 'docusign'
  | 'boldsign'
  | 'yousign'
  | 'docuseal'
  | 'signatureapi'
  | 'documenso'
  | 'signwell'
  | 'pandadoc'
  | 'dropboxsign'
  | 'adobesign';
/** How strongly an event was authenticated, weakest first. */
export type Authentication = 'client-id' | 'shared-secret' | 'hmac-metadata' | 'hmac-body';

/** The normalized event kinds, the same for every provider. */
export type Kind =
  | 'document.created'
  | 'document.sent'
  | 'document.viewed'
  | 'document.signed'
  | 'document.completed'
  | 'document.declined'
  | 'document.cancelled'
  | 'document.expired'
  | 'document.files_ready'
  | 'unknown';

/** The stable error codes, the same in every language. */
export type ErrorCode =
  | 'MISSING_SIGNATURE'
  | 'MALFORMED_SIGNATURE'
  | 'SIGNATURE_MISMATCH'
  | 'CLIENT_ID_MISMATCH'
  | 'TIMESTAMP_OUT_OF_RANGE'
  | 'INVALID_PAYLOAD'
  | 'PAYLOAD_TOO_LARGE'
  | 'BODY_NOT_RAW'
  | 'INVALID_CONFIG'
  | 'EVENT_IN_PROGRESS'
  | 'DEDUPE_UNAVAILABLE';

/** A secret: text (used as its UTF-8 bytes) or raw bytes. */
export type Secret = string | Uint8Array | ArrayBuffer;

/** The raw request body, exactly as received. */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Request headers in any of the shapes frameworks hand over. */
export type HeadersInit =
  | Record<string, string | readonly string[] | undefined>
  | Headers
  | { get(name: string): string | readonly string[] | null | undefined }
  | Map<string, string>
  | Iterable<readonly [string, string]>
  | ReadonlyArray<readonly [string, string]>
  | readonly string[];

interface WebhookOptionsBase {
  /** The provider id, e.g. `docusign`. */
  provider: Provider;
  /**
   * Krebit: require this `X-Client-Id`. Adobe Acrobat Sign (required, with no secret): the
   * client id of your API application, which `X-AdobeSign-ClientId` must name.
   */
  clientId?: string;
  /** Opt-in replay window in seconds on the signed event time. Off by default. */
  tolerance?: number;
  /** Reject bodies longer than this many bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /**
   * The weakest authentication accepted: with `hmac-body`, a provider whose scheme does not
   * cover the body (Documenso, SignWell, Dropbox Sign, Adobe) fails at construction with
   * INVALID_CONFIG.
   */
  requireAuthentication?: Authentication;
}

/**
 * `secret`, or `secrets` while rotating (any of them is accepted; the first signs). Both
 * accept `undefined` so that `process.env.X` type-checks: a missing secret is rejected at run
 * time with `INVALID_CONFIG`, as is passing both.
 */
export interface WebhookOptions extends WebhookOptionsBase {
  /** The webhook secret from the provider's dashboard. */
  secret?: Secret | null | undefined;
  /** Several secrets while rotating. */
  secrets?: readonly Secret[] | null | undefined;
}

export interface VerifyOptions {
  /** Seconds since the Unix epoch; absent (`undefined` or `null`): the current time. */
  now?: number | null;
  /**
   * The request URL, or its path and query, for a provider that signs in it (PandaDoc's
   * `?signature=`). `verifyRequest` and the framework helpers pass it themselves.
   */
  url?: string | null;
}

export interface Document {
  id: string | null;
  name: string | null;
  status: string | null;
  externalId: string | null;
  completedAt: string | null;
}

export interface Signer {
  id: string | null;
  email: string | null;
  name: string | null;
  signedAt: string | null;
  signatureType: string | null;
}

interface EventBase<K extends Kind> {
  provider: Provider;
  /** Idempotency key: the provider's event id, or one derived from the event (sajn). */
  id: string;
  idSource: 'provider' | 'derived';
  /** The provider's own event type, verbatim. */
  type: string;
  /** The normalized kind. */
  kind: K;
  occurredAt: string | null;
  document: Document | null;
  signer: Signer | null;
  reason: string | null;
  downloadUrl: string | null;
  organizationId: string | null;
  clientId: string | null;
  /**
   * How the request was authenticated: `hmac-body` (an HMAC over the raw body),
   * `hmac-metadata` (an HMAC over the event type and time only: the rest of the body is not
   * covered), `shared-secret` (the provider sent the secret itself; the body is not covered)
   * or `client-id` (the request only named your application: nothing was secret or signed).
   */
  authentication: Authentication;
  /** The whole parsed JSON body (parsed on first read). */
  payload: Record<string, unknown>;
}

export type DocumentCreated = EventBase<'document.created'>;
export type DocumentSent = EventBase<'document.sent'>;
export type DocumentViewed = EventBase<'document.viewed'>;
export type DocumentSigned = EventBase<'document.signed'>;
export type DocumentCompleted = EventBase<'document.completed'>;
export type DocumentDeclined = EventBase<'document.declined'>;
export type DocumentCancelled = EventBase<'document.cancelled'>;
export type DocumentExpired = EventBase<'document.expired'>;
export type DocumentFilesReady = EventBase<'document.files_ready'>;
export type UnknownEvent = EventBase<'unknown'>;

/** A verified webhook: switch on `kind` to narrow it. */
export type WebhookEvent =
  | DocumentCreated
  | DocumentSent
  | DocumentViewed
  | DocumentSigned
  | DocumentCompleted
  | DocumentDeclined
  | DocumentCancelled
  | DocumentExpired
  | DocumentFilesReady
  | UnknownEvent;

/** The HTTP statuses signhook answers with. */
export type ErrorStatus = 400 | 401 | 413 | 500 | 503;

/** The facts behind a `WebhookVerificationError`; each is present where the error has it. */
export interface ErrorContext {
  /** The header that was expected or read, e.g. `X-Propper-Signature`. */
  readonly header?: string;
  /** `CLIENT_ID_MISMATCH`: whether the client id header was present at all. */
  readonly headerPresent?: boolean;
  /** The body limit in bytes (`PAYLOAD_TOO_LARGE`). */
  readonly limit?: number;
  /** The body's length in bytes (`PAYLOAD_TOO_LARGE`). */
  readonly actual?: number;
  /** The replay window in seconds (`TIMESTAMP_OUT_OF_RANGE`). */
  readonly tolerance?: number;
  /** The signed event time, seconds since the Unix epoch (`TIMESTAMP_OUT_OF_RANGE`). */
  readonly occurredAt?: number;
  /** The `now` the check used, seconds since the Unix epoch (`TIMESTAMP_OUT_OF_RANGE`). */
  readonly now?: number;
  /** When to retry, in seconds (`EVENT_IN_PROGRESS`). */
  readonly retryAfter?: number;
  /** `INVALID_CONFIG`: which rule the configuration broke. */
  readonly reason?: ConfigReason;
}

/** Which rule an `INVALID_CONFIG` broke, the same in every language. */
export type ConfigReason =
  | 'unknown_provider'
  | 'secrets'
  | 'secret'
  | 'client_id'
  | 'number'
  | 'now'
  | 'dedupe'
  | 'type'
  | 'digests'
  | 'authentication';

/** Why a webhook was rejected, or why a `Webhook` could not be built. */
export class WebhookVerificationError extends Error {
  constructor(
    code: ErrorCode,
    message: string,
    status: ErrorStatus,
    context?: ErrorContext,
    headers?: Record<string, string>,
  );
  readonly name: 'WebhookVerificationError';
  /** The stable code, e.g. `SIGNATURE_MISMATCH`. */
  readonly code: ErrorCode;
  /** The HTTP status to answer with: 401, 400, 413, 500, or 503 (retryable) from a `DedupeGuard`. */
  readonly status: ErrorStatus;
  /** The facts behind the error, for programs. */
  readonly context: ErrorContext;
  /** The headers the answer carries: `Retry-After` (seconds) when the error says when to retry. */
  readonly headers: Record<string, string>;
}

/** Which engine runs the core: the native binary, or the WebAssembly build of the same core. */
export const engine: 'native' | 'wasm';

/** A configured verifier for one provider. Build it once and reuse it. */
export class Webhook {
  /**
   * With the WebAssembly engine, `verifyRequest` hashes bodies at least this long with the
   * runtime's WebCrypto (faster there for them). `Infinity` turns it off. Default 2048.
   */
  static nativeHashThreshold: number;
  /** @throws WebhookVerificationError with code `INVALID_CONFIG` */
  constructor(options: WebhookOptions);
  readonly provider: Provider;
  readonly maxBodyBytes: number;
  /**
   * Verifies the raw body against the headers and returns the event. `undefined` (a raw body
   * the framework did not keep, such as NestJS's `req.rawBody` without `rawBody: true`) is
   * refused with `BODY_NOT_RAW` and a hint.
   * @throws WebhookVerificationError
   */
  verify(body: RawBody | undefined, headers: HeadersInit | null | undefined, options?: VerifyOptions): WebhookEvent;
  /**
   * Like `verify`, for a body that may hold several events (PandaDoc sends an array):
   * every event, in order; other providers give an array of one.
   */
  verifyAll(body: RawBody | undefined, headers: HeadersInit | null | undefined, options?: VerifyOptions): WebhookEvent[];
  /**
   * Reads and verifies a Fetch API `Request` (Next.js, Hono, Bun, Deno, Workers).
   * Rejects with WebhookVerificationError.
   */
  verifyRequest(request: Request, options?: VerifyOptions): Promise<WebhookEvent>;
  /**
   * The headers the provider would send with `body` at `options.now` (default: the current
   * time), signed with the first secret.
   */
  sign(body: RawBody, options?: VerifyOptions): Record<string, string>;
  /**
   * For a provider that signs in the URL (PandaDoc), the query it would add for `body`
   * (`signature=<hex>`); `null` for the others.
   */
  signQuery(body: RawBody): string | null;
  /**
   * The answer the provider requires once a delivery is verified and handled: Dropbox Sign's
   * body `Hello API Event Received`, Adobe's `X-AdobeSign-ClientId` echoed; no headers and a
   * null body for providers that take any 2xx. `new Response(reply.body, reply)` sends it.
   */
  reply(): Reply;
  /** Whether the provider checks a new URL with a GET first (Adobe): answer it with `handshake`. */
  readonly hasHandshake: boolean;
  /**
   * The answer to the provider's GET check of a new URL (Adobe), once its client id header
   * names the configured `clientId`; `null` for a provider that sends no such check.
   * @throws WebhookVerificationError with code `CLIENT_ID_MISMATCH`
   */
  handshake(headers: HeadersInit | null | undefined): Reply | null;
}

/** An answer a provider requires: fits `new Response(reply.body, reply)`. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** The part of `headers` every answer to a verified delivery carries, whatever the handler answers (all but the body's `Content-Type`). */
  readonly alwaysHeaders: Record<string, string>;
  /** The exact body the provider expects, or null when any will do. */
  readonly body: string | null;
}

/**
 * Where a `DedupeGuard` keeps its records: every instance of the app must share it.
 * `RedisStore` is one; any object with these four methods is another.
 */
export interface DedupeStore {
  /** Creates `key` holding `value` for `leaseMs` only if it is absent; true when it did. */
  claim(key: string, value: string, leaseMs: number): Promise<boolean>;
  /** The value of `key`, or null. */
  get(key: string): Promise<string | null>;
  /** Sets `key` to `value` for `retentionMs`. */
  complete(key: string, value: string, retentionMs: number): Promise<void>;
  /** Deletes `key` if it still holds `value`. */
  release(key: string, value: string): Promise<void>;
}

/** A `DedupeStore` in Redis, through an `ioredis` or `redis` (node-redis 4+) client. */
export class RedisStore implements DedupeStore {
  constructor(client: unknown);
  claim(key: string, value: string, leaseMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  complete(key: string, value: string, retentionMs: number): Promise<void>;
  release(key: string, value: string): Promise<void>;
}

/**
 * A `DedupeStore` in this process's memory, for tests and development only: a second
 * instance or a restart does not see it.
 */
export class MemoryStore implements DedupeStore {
  claim(key: string, value: string, leaseMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  complete(key: string, value: string, retentionMs: number): Promise<void>;
  release(key: string, value: string): Promise<void>;
}

export interface DedupeOptions {
  /** Where the records are kept, shared by every instance. */
  store: DedupeStore;
  /** How long a claim holds while the handler runs, in ms (default 60 000). */
  leaseMs?: number;
  /** How long a processed event is remembered, in ms (default per provider, past its retries). */
  retentionMs?: number;
  /** The keys' namespace (default `signhook:dedupe:`). */
  prefix?: string;
  /** How long one store call may take, in ms (default 2000). */
  timeoutMs?: number;
  /** Run the handler when the store fails, instead of `DEDUPE_UNAVAILABLE` (may process twice). */
  failOpen?: boolean;
}

/** What `DedupeGuard.begin` found: a duplicate, or a claim to settle after the handler. */
export type DedupeClaim =
  | { duplicate: true }
  | { duplicate: false; complete(): Promise<void>; release(): Promise<void> };

/** Processes each event exactly once across every instance sharing the store. */
export class DedupeGuard {
  /** @throws WebhookVerificationError with code `INVALID_CONFIG` */
  constructor(options: DedupeOptions);
  /**
   * Claims the event. Rejects with `EVENT_IN_PROGRESS` (503) while another delivery of it is
   * processed, `DEDUPE_UNAVAILABLE` (503) when the store fails.
   */
  begin(event: WebhookEvent): Promise<DedupeClaim>;
  /** Runs `handler` unless the event was processed before; a throwing handler releases it. */
  run<T>(event: WebhookEvent, handler: (event: WebhookEvent) => T | Promise<T>): Promise<{ duplicate: boolean; result: T | undefined }>;
}
