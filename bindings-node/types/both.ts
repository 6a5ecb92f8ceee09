// Compiled with `tsc --noEmit` by test.sh: both npm packages export every public name of the
// shared declarations, with the same types, so switching packages never breaks a type import.
import * as native from 'signhook';
import * as wasm from 'signhook-wasm';
import * as nativeExpress from 'signhook/express';
import * as wasmExpress from 'signhook-wasm/express';

/** Compiles only when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T => true as T;

same<Same<native.Provider, wasm.Provider>>();
same<Same<native.Kind, wasm.Kind>>();
same<Same<native.ErrorCode, wasm.ErrorCode>>();
same<Same<native.Secret, wasm.Secret>>();
same<Same<native.RawBody, wasm.RawBody>>();
same<Same<native.HeadersInit, wasm.HeadersInit>>();
same<Same<native.WebhookOptions, wasm.WebhookOptions>>();
same<Same<native.VerifyOptions, wasm.VerifyOptions>>();
same<Same<native.Document, wasm.Document>>();
same<Same<native.Signer, wasm.Signer>>();
same<Same<native.DocumentCreated, wasm.DocumentCreated>>();
same<Same<native.DocumentSent, wasm.DocumentSent>>();
same<Same<native.DocumentViewed, wasm.DocumentViewed>>();
same<Same<native.DocumentSigned, wasm.DocumentSigned>>();
same<Same<native.DocumentCompleted, wasm.DocumentCompleted>>();
same<Same<native.DocumentDeclined, wasm.DocumentDeclined>>();
same<Same<native.DocumentCancelled, wasm.DocumentCancelled>>();
same<Same<native.DocumentExpired, wasm.DocumentExpired>>();
same<Same<native.UnknownEvent, wasm.UnknownEvent>>();
same<Same<native.WebhookEvent, wasm.WebhookEvent>>();
same<Same<native.WebhookVerificationError, wasm.WebhookVerificationError>>();
same<Same<native.Webhook, wasm.Webhook>>();
same<Same<typeof native.Webhook, typeof wasm.Webhook>>();
same<Same<typeof native.engine, typeof wasm.engine>>();
same<Same<nativeExpress.WebhookMiddlewareOptions, wasmExpress.WebhookMiddlewareOptions>>();
same<Same<typeof nativeExpress.webhookMiddleware, typeof wasmExpress.webhookMiddleware>>();
same<Same<typeof nativeExpress.captureRawBody, typeof wasmExpress.captureRawBody>>();
same<Same<nativeExpress.WebhookEvent, wasmExpress.WebhookEvent>>();

// The WebhookEvent narrows on kind in both.
function signer(event: wasm.WebhookEvent): string | null {
  return event.kind === 'document.signed' ? (event.signer?.email ?? null) : null;
}
void signer;
// @ts-expect-error: an unknown provider is a type error in both packages
new wasm.Webhook({ provider: 'acmesign', secret: 's' });

import * as nativeFastify from 'signhook/fastify';
import * as wasmFastify from 'signhook-wasm/fastify';
import * as nativeKoa from 'signhook/koa';
import * as wasmKoa from 'signhook-wasm/koa';
same<Same<nativeFastify.FastifyWebhookOptions, wasmFastify.FastifyWebhookOptions>>();
same<Same<typeof nativeFastify.fastifyWebhook, typeof wasmFastify.fastifyWebhook>>();
same<Same<typeof nativeKoa.webhookMiddleware, typeof wasmKoa.webhookMiddleware>>();

// The deduplication guard takes any store with the four methods, the Durable Object one too.
import { DurableObjectStore } from 'signhook-wasm/cloudflare';
const storeTypes: wasm.DedupeStore[] = [new native.MemoryStore(), new wasm.RedisStore({}), new DurableObjectStore({})];
void storeTypes;
same<Same<native.DedupeOptions, wasm.DedupeOptions>>();
same<Same<native.DedupeClaim, wasm.DedupeClaim>>();
