// Plays a provider against instances of a webhook app: each event delivered several times,
// shuffled within windows so that deliveries of one event overlap, spread over the instances,
// and every non-2xx answer retried until a 2xx, as providers retry.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Delivers each of `ids` `times` times through `post(base, id)` (resolving to `{ status, json }`),
 * `concurrency` at a time, round-robin over `bases`. Resolves to the count of each answer,
 * keyed `"<status> <error code | duplicate>"`; a non-2xx answer other than 503 fails.
 */
export async function deliverAll({ ids, times = 3, window = 16, concurrency = 32, bases, post }) {
  const queue = [];
  for (let w = 0; w < ids.length; w += window) {
    const batch = ids.slice(w, w + window).flatMap((id) => Array(times).fill(id));
    for (let i = batch.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [batch[i], batch[j]] = [batch[j], batch[i]];
    }
    queue.push(...batch);
  }
  const answers = {};
  let sent = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (;;) {
        const { status, json } = await post(bases[sent++ % bases.length], id);
        const key = `${status} ${json?.error ?? (json?.duplicate ? 'duplicate' : '')}`.trim();
        answers[key] = (answers[key] ?? 0) + 1;
        if (status >= 200 && status < 300) break;
        assert.equal(status, 503, `a non-2xx answer must be retryable: ${key}`);
        await sleep(5);
      }
    }
  }));
  return answers;
}

/** Each event ran once (`runs` per event), and the answers are only those exactly-once allows. */
export function assertExactlyOnce(runs, answers, events) {
  const shown = JSON.stringify(answers);
  assert.deepEqual([...new Set(runs)], [1], `every handler ran exactly once: ${shown}`);
  assert.equal(answers['204'], events, shown);
  assert.equal(answers['200 duplicate'], 2 * events, shown);
  const allowed = ['204', '200 duplicate', '503 EVENT_IN_PROGRESS'];
  assert.deepEqual(Object.keys(answers).filter((k) => !allowed.includes(k)), [], shown);
  assert.ok(answers['503 EVENT_IN_PROGRESS'] > 0, `concurrent deliveries of one event met: ${shown}`);
}
