// `signhook-wasm/cloudflare`, the deduplication store for Cloudflare Workers: one Durable Object per event key, so every
// instance of the Worker, everywhere, sees one record, changed one request at a time. The
// guard (DedupeGuard, from the shared layer) decides; this object only keeps the record:
//
//   // wrangler.jsonc: "durable_objects": { "bindings": [{ "name": "SIGNHOOK_DEDUPE", "class_name": "SignhookDedupe" }] },
//   //                 "migrations": [{ "tag": "v1", "new_sqlite_classes": ["SignhookDedupe"] }]
//   import { DedupeGuard } from 'signhook-wasm';
//   import { DurableObjectStore } from 'signhook-wasm/cloudflare';
//   export { SignhookDedupe } from 'signhook-wasm/cloudflare';
//   const guard = new DedupeGuard({ store: new DurableObjectStore(env.SIGNHOOK_DEDUPE) });
import { DurableObject } from 'cloudflare:workers';

/** The record of one event key: its value until `expires` (ms since the epoch). */
export class SignhookDedupe extends DurableObject {
  async #record() {
    const record = await this.ctx.storage.get('record');
    if (record !== undefined && record.expires <= Date.now()) {
      await this.ctx.storage.deleteAll();
      return undefined;
    }
    return record;
  }
  async #keep(value, ms) {
    const expires = Date.now() + ms;
    await this.ctx.storage.put('record', { value, expires });
    await this.ctx.storage.setAlarm(expires); // frees the storage once the record has expired
  }
  /** Creates the record holding `value` for `leaseMs` if there is none; true when it did. */
  async claim(value, leaseMs) {
    if ((await this.#record()) !== undefined) return false;
    await this.#keep(value, leaseMs);
    return true;
  }
  async value() {
    return (await this.#record())?.value ?? null;
  }
  async complete(value, retentionMs) {
    await this.#keep(value, retentionMs);
  }
  /** Deletes the record if it still holds `value`. */
  async release(value) {
    if ((await this.#record())?.value === value) await this.ctx.storage.deleteAll();
  }
  async alarm() {
    await this.#record(); // deletes it when expired; a later record set its own alarm
  }
}

/** A DedupeGuard store on the `SignhookDedupe` Durable Object namespace bound as `namespace`. */
export class DurableObjectStore {
  constructor(namespace) {
    if (typeof namespace?.idFromName !== 'function') {
      throw new TypeError('DurableObjectStore needs the Durable Object namespace binding of SignhookDedupe (env.SIGNHOOK_DEDUPE)');
    }
    this.namespace = namespace;
  }
  #object(key) {
    return this.namespace.get(this.namespace.idFromName(key));
  }
  claim(key, value, leaseMs) {
    return this.#object(key).claim(value, leaseMs);
  }
  get(key) {
    return this.#object(key).value();
  }
  complete(key, value, retentionMs) {
    return this.#object(key).complete(value, retentionMs);
  }
  release(key, value) {
    return this.#object(key).release(value);
  }
}
