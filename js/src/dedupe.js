// Exactly-once processing across instances and restarts: a guard that claims each verified
// event in a store every instance shares before the handler runs, marks it done after, and
// releases it when the handler fails. The rules (keys, lease, retention per provider, what a
// found record means, the errors and their statuses) are the core's (`createDedupe`); this
// file performs the store calls they name.
import * as core from './engine.js';
import { internal } from './webhook.js';

/** Deletes the key only while it holds the caller's claim: a release never frees another's. */
const RELEASE_SCRIPT =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

let sequence = 0;
/** A token that tells this claim from every other one (uniqueness, not secrecy). */
function token() {
  const random = globalThis.crypto?.randomUUID?.() ?? Math.random().toString(36).slice(2);
  return `${random}.${Date.now().toString(36)}.${(sequence++).toString(36)}`;
}

/** The message of a store failure, without anything the store's error may carry along. */
function describe(err) {
  if (err?.name === 'TimeoutError') return err.message;
  const code = typeof err?.code === 'string' ? ` (${err.code})` : '';
  return `${err?.name ?? 'Error'}${code}`;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`no answer to ${what} within ${ms} ms`);
      err.name = 'TimeoutError';
      reject(err);
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Stores for the guard in Redis, through the client you already use: `ioredis` or `redis`
 * (node-redis 4 and later). Claims are `SET key value NX PX lease`; a release deletes the key
 * only while it still holds the claim (a short Lua script).
 */
export class RedisStore {
  constructor(client) {
    if (typeof client?.call === 'function') this.command = (...args) => client.call(...args);
    else if (typeof client?.sendCommand === 'function') this.command = (...args) => client.sendCommand(args);
    else throw new TypeError('RedisStore needs an ioredis or node-redis client');
  }
  async claim(key, value, leaseMs) {
    return (await this.command('SET', key, value, 'PX', String(leaseMs), 'NX')) === 'OK';
  }
  async get(key) {
    return (await this.command('GET', key)) ?? null;
  }
  async complete(key, value, retentionMs) {
    await this.command('SET', key, value, 'PX', String(retentionMs));
  }
  async release(key, value) {
    await this.command('EVAL', RELEASE_SCRIPT, '1', key, value);
  }
}

/**
 * A store in this process's memory, **for tests and development only**: every instance has
 * its own, and a restart forgets it, so it cannot keep a second instance from processing an
 * event again. Use `RedisStore` (or your own store with the same four methods) in production.
 */
export class MemoryStore {
  #records = new Map();
  #live(key) {
    const record = this.#records.get(key);
    if (record !== undefined && record.expires <= Date.now()) this.#records.delete(key);
    return this.#records.get(key);
  }
  async claim(key, value, leaseMs) {
    if (this.#live(key) !== undefined) return false;
    this.#records.set(key, { value, expires: Date.now() + leaseMs });
    return true;
  }
  async get(key) {
    return this.#live(key)?.value ?? null;
  }
  async complete(key, value, retentionMs) {
    this.#records.set(key, { value, expires: Date.now() + retentionMs });
  }
  async release(key, value) {
    if (this.#live(key)?.value === value) this.#records.delete(key);
  }
}

/**
 * Processes each event exactly once across every instance that shares `store`.
 *
 *   const guard = new DedupeGuard({ store: new RedisStore(redis) });
 *   const { duplicate } = await guard.run(event, async (event) => { ... });
 *
 * Options: `store` (required), `leaseMs` (how long a claim holds while the handler runs,
 * default 60 s), `retentionMs` (how long a processed event is remembered; default per
 * provider, well past its retries), `prefix` (the keys' namespace, default
 * `signhook:dedupe:`), `timeoutMs` (per store call, default 2000), `failOpen` (run the handler
 * when the store fails instead of answering `DEDUPE_UNAVAILABLE`; an event may then be
 * processed twice).
 */
export class DedupeGuard {
  #rules = new Map();
  constructor(options) {
    const { store, leaseMs, retentionMs, prefix, timeoutMs = 2000, failOpen = false } = options ?? {};
    for (const method of ['claim', 'get', 'complete', 'release']) {
      if (typeof store?.[method] !== 'function') {
        throw internal.failure('option_type', `dedupe store must have a ${method}() method (RedisStore, or your own)`);
      }
    }
    if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) {
      throw internal.failure('option_type', 'timeoutMs must be a positive number of milliseconds');
    }
    this.store = store;
    this.options = { leaseMs, retentionMs, prefix };
    this.timeoutMs = timeoutMs;
    this.failOpen = failOpen === true;
    // Check the options now, not at the first delivery.
    this.rules('krebit');
  }

  /** The core's rules for `provider`, built once, with what they say once (`done`, `leaseMs`, `retentionMs`). */
  rules(provider) {
    let rules = this.#rules.get(provider);
    if (rules === undefined) {
      const { leaseMs, retentionMs, prefix } = this.options;
      const made = core.createDedupe(provider, leaseMs ?? null, retentionMs ?? null, prefix ?? null);
      if (typeof made.code === 'string') internal.raise(made);
      rules = {
        key: (id) => made.key(id),
        claimValue: (token) => made.claimValue(token),
        onExisting: (value) => made.onExisting(value),
        ...JSON.parse(made.describe()),
      };
      this.#rules.set(provider, rules);
    }
    return rules;
  }

  async #call(what, promise) {
    try {
      return await withTimeout(promise, this.timeoutMs, what);
    } catch (err) {
      throw internal.failure('dedupe_unavailable', `${what}: ${describe(err)}`);
    }
  }

  /**
   * Claims `event` before its handler runs. Resolves to `{ duplicate: true }` for an event
   * already processed, or to `{ duplicate: false, complete(), release() }`: call `complete()`
   * when the handler succeeded, `release()` when it failed. Rejects with
   * `EVENT_IN_PROGRESS` (503) while another delivery of the event is being processed, and
   * `DEDUPE_UNAVAILABLE` (503) when the store fails (unless `failOpen`).
   */
  async begin(event) {
    const rules = this.rules(event.provider);
    const key = rules.key(event.id);
    const value = rules.claimValue(token());
    const settle = (fn) => fn().catch(() => {}); // the claim's lease ends it anyway
    const claim = {
      duplicate: false,
      complete: () => settle(() => this.#call('complete', this.store.complete(key, rules.done, rules.retentionMs))),
      release: () => settle(() => this.#call('release', this.store.release(key, value))),
    };
    let claimed;
    try {
      claimed = await this.#call('claim', this.store.claim(key, value, rules.leaseMs));
      if (claimed) return claim;
      const verdict = rules.onExisting(await this.#call('get', this.store.get(key)));
      if (verdict === 'duplicate') return { duplicate: true };
      internal.raise(verdict);
    } catch (err) {
      if (this.failOpen && err?.code === 'DEDUPE_UNAVAILABLE') return claim;
      throw err;
    }
  }

  /**
   * Runs `handler(event)` unless the event was processed before. Resolves to
   * `{ duplicate, result }`; a handler that throws releases the claim and rethrows, so the
   * provider's retry runs it again.
   */
  async run(event, handler) {
    const claim = await this.begin(event);
    if (claim.duplicate) return { duplicate: true, result: undefined };
    let result;
    try {
      result = await handler(event);
    } catch (err) {
      await claim.release();
      throw err;
    }
    await claim.complete();
    return { duplicate: false, result };
  }
}

/** A helper's `dedupe` option: a DedupeGuard, or undefined. Anything else is INVALID_CONFIG. */
export function dedupeOption(dedupe) {
  if (dedupe !== undefined && !(dedupe instanceof DedupeGuard)) {
    throw internal.failure('option_type', 'dedupe must be a DedupeGuard');
  }
  return dedupe;
}

/** What every helper answers, with status 200, to a redelivery of a processed event. */
export const duplicateAnswer = (event) => ({ received: event.id, duplicate: true });

/** Whether the handler's answer `status` marks the event done (2xx) or releases it. */
export const succeeded = (status) => status >= 200 && status < 300;
