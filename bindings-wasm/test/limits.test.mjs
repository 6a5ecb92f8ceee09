// signhook-wasm's verifyRequest in workerd stops reading a body at the limit: a 64 MiB
// chunked POST to a Worker with a 1,000-byte limit is answered 413 while workerd's memory
// stays within a few MiB of idle.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { startWorker } from './workerd.mjs';

const samples = JSON.parse(readFileSync(new URL('../../demo/samples.json', import.meta.url), 'utf8')).providers;
const signers = {
  propper: (secret, body) => ({ 'X-Propper-Signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }),
};

describe('verifyRequest stops reading at the limit, in workerd', () => {
  /** The workerd process miniflare started for this test: a descendant of this process. */
  function workerdPid() {
    const status = (pid) => readFileSync(`/proc/${pid}/status`, 'utf8');
    const parent = (pid) => Number(/PPid:\s+(\d+)/.exec(status(pid))?.[1] ?? 0);
    const ours = (pid) => {
      for (let p = pid; p > 1; p = parent(p)) if (p === process.pid) return true;
      return false;
    };
    const found = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'workerd' && /VmRSS/.test(status(pid)) && ours(pid);
      } catch {
        return false; // gone meanwhile
      }
    });
    return found.sort((a, b) => b - a)[0];
  }
  const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

  test('a 64 MiB chunked body to a 1,000-byte limit: 413, and workerd stays within a few MiB', { skip: !existsSync('/proc/self/status') }, async () => {
    const sample = samples.propper;
    const worker = await startWorker('demo/worker.js', { SIGNHOOK_CONFIG: { propper: { secret: sample.secret, maxBodyBytes: 1000 } } });
    try {
      const small = JSON.stringify(sample.events[0]);
      const warm = await fetch(new URL('/webhooks/propper', worker.url), { method: 'POST', body: small, headers: signers.propper(sample.secret, small) });
      await warm.arrayBuffer();
      const pid = workerdPid();
      assert.ok(pid, 'found the workerd process');
      const idle = rssKiB(pid);
      let peak = idle;
      let lost;
      const sampler = setInterval(() => {
        try {
          peak = Math.max(peak, rssKiB(pid));
        } catch (err) {
          lost = err; // workerd gone: reported below, without leaving this timer behind
          clearInterval(sampler);
        }
      }, 5);
      // 64 MiB in 1 MiB chunks, no Content-Length: only reading can find it too large.
      const chunk = new Uint8Array(1 << 20).fill(0x20);
      let sent = 0;
      const stream = new ReadableStream({
        pull(controller) {
          if (sent >= 64) controller.close();
          else {
            sent++;
            controller.enqueue(chunk);
          }
        },
      });
      const res = await fetch(new URL('/webhooks/propper', worker.url), {
        method: 'POST', body: stream, duplex: 'half', headers: signers.propper(sample.secret, small),
      });
      const answer = await res.json();
      clearInterval(sampler);
      assert.equal(lost, undefined, `workerd could not be sampled: ${lost}`);
      peak = Math.max(peak, rssKiB(pid));
      assert.equal(res.status, 413);
      assert.equal(answer.error, 'PAYLOAD_TOO_LARGE');
      const grewMiB = (peak - idle) / 1024;
      console.log(`workerd RSS: idle ${(idle / 1024).toFixed(1)} MiB, peak ${(peak / 1024).toFixed(1)} MiB (+${grewMiB.toFixed(1)} MiB) while refusing 64 MiB`);
      assert.ok(grewMiB < 16, `workerd grew by ${grewMiB.toFixed(1)} MiB`);
    } finally {
      await worker.mf.dispose();
    }
  });
});
