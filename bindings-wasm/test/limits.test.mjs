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
  /** The workerd process miniflare started for this test (the newest one). */
  function workerdPid() {
    const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    const ours = pids.filter((p) => {
      try {
        return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'workerd' && /VmRSS/.test(readFileSync(`/proc/${p}/status`, 'utf8'));
      } catch {
        return false;
      }
    });
    return ours.map(Number).sort((a, b) => b - a)[0];
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
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssKiB(pid));
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
