/** A secret as the provider's dashboard shows it (used as UTF-8), or raw bytes. */
export type Secret = string | Uint8Array | ArrayBuffer;

export interface WebhookOptions {
  /** `krebit`, `sajn` or `propper`. */
  provider: 'krebit' | 'sajn' | 'propper';
  /** The webhook secret. */
  secret?: Secret;
  /** Several secrets while rotating: a request passes when any of them signed it; the first one signs. */
  secrets?: Secret[];
  /** Krebit only: require this `X-Client-Id`. */
  clientId?: string;
  /** Opt-in replay window in seconds on the signed event time. Off by default. */
  tolerance?: number;
  /** Reject longer bodies with PAYLOAD_TOO_LARGE (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface VerifyOptions {
  /** Seconds since the Unix epoch (default: `Math.floor(Date.now() / 1000)`). */
  now?: number;
}

/** The raw request body, exactly as received. */
export type RawBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Web `Headers`, a plain object (values string or string[]) or a list of `[name, value]` pairs. */
export type HeadersInput =
  | Headers
  | Record<string, string | string[] | undefined>
  | Iterable<readonly [string, string]>;

export interface WebhookDocument {
  id: string | null;
  name: string | null;
  status: string | null;
  externalId: string | null;
  completedAt: string | null;
}

export interface WebhookSigner {
  id: string | null;
  email: string | null;
  name: string | null;
  signedAt: string | null;
  signatureType: string | null;
}

export type EventKind =
  | 'document.created'
  | 'document.sent'
  | 'document.viewed'
  | 'document.signed'
  | 'document.completed'
  | 'document.declined'
  | 'document.cancelled'
  | 'document.expired'
  | 'unknown';

export interface WebhookEvent {
  provider: 'krebit' | 'sajn' | 'propper';
  /** Idempotency key. */
  id: string;
  idSource: 'provider' | 'derived';
  /** The provider's own event type, verbatim. */
  type: string;
  kind: EventKind;
  occurredAt: string | null;
  document: WebhookDocument | null;
  signer: WebhookSigner | null;
  reason: string | null;
  downloadUrl: string | null;
  organizationId: string | null;
  clientId: string | null;
  /** The whole body parsed as JSON (parsed on first access). */
  payload: Record<string, unknown>;
}

export type ErrorCode =
  | 'MISSING_SIGNATURE'
  | 'MALFORMED_SIGNATURE'
  | 'SIGNATURE_MISMATCH'
  | 'CLIENT_ID_MISMATCH'
  | 'TIMESTAMP_OUT_OF_RANGE'
  | 'INVALID_PAYLOAD'
  | 'PAYLOAD_TOO_LARGE'
  | 'BODY_NOT_RAW'
  | 'INVALID_CONFIG';

export class WebhookVerificationError extends Error {
  readonly name: 'WebhookVerificationError';
  readonly code: ErrorCode;
  /** The HTTP status to answer with. */
  readonly status: number;
}

export class Webhook {
  /** Bodies at least this long are hashed with WebCrypto in `verifyRequest`. */
  static nativeHashThreshold: number;
  constructor(options: WebhookOptions);
  readonly provider: 'krebit' | 'sajn' | 'propper';
  /** Verifies the signature over the raw body, then parses it. Throws WebhookVerificationError. */
  verify(body: RawBody, headers: HeadersInput | null | undefined, options?: VerifyOptions): WebhookEvent;
  /** Reads and verifies a Fetch API Request. Rejects with WebhookVerificationError. */
  verifyRequest(request: Request, options?: VerifyOptions): Promise<WebhookEvent>;
  /** The headers the provider would send with `body`. */
  sign(body: RawBody): Record<string, string>;
}
