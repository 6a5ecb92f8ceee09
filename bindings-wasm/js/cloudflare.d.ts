// Types of `signhook-wasm/cloudflare`: the deduplication store for Cloudflare Workers.
import type { DedupeStore } from './index.js';

/**
 * The Durable Object that keeps one event's record. Export it from your Worker and bind it
 * (wrangler.jsonc `durable_objects`, class_name `SignhookDedupe`, a `new_sqlite_classes`
 * migration).
 */
export declare class SignhookDedupe {
  constructor(ctx: unknown, env: unknown);
  claim(value: string, leaseMs: number): Promise<boolean>;
  value(): Promise<string | null>;
  complete(value: string, retentionMs: number): Promise<void>;
  release(value: string): Promise<void>;
  alarm(): Promise<void>;
}

/** A `DedupeGuard` store on the `SignhookDedupe` namespace binding: one object per event. */
export declare class DurableObjectStore implements DedupeStore {
  constructor(namespace: unknown);
  claim(key: string, value: string, leaseMs: number): Promise<boolean>;
  get(key: string): Promise<string | null>;
  complete(key: string, value: string, retentionMs: number): Promise<void>;
  release(key: string, value: string): Promise<void>;
}
