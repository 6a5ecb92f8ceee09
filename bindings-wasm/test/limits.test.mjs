// signhook-wasm's verifyRequest in workerd stops reading a body at the limit: a 64 MiB
// chunked POST to a Worker with a 1,000-byte limit is answered 413 while workerd's memory
// stays within a few MiB of idle.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { startWorker } from './workerd.mjs';

const samples = JSON.parse(readFileSync(new URL('../../demo/samples.json', import.meta.url), 'utf8')).providers;
const signers = {
  propper: (secret, body) => ({ 'X-Propper-Signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` }),
};

/**
 * POSTs `count` chunks of `size` spaces with chunked transfer coding (no Content-Length),
 * one chunk at a time with `pauseMs` between them, over a plain socket, and stops sending as
 * soon as an answer arrives. A Worker that waited for the whole body would get all of it.
 * workerd answers early and then resets the connection under the rest of the upload; an HTTP
 * client may report that reset instead of the answer it has already received, so the answer
 * is read off the socket here.
 * @returns {Promise<{ status: number, body: string }>}
 */
function postChunked(url, headers, size, count, pauseMs) {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(size, 0x20);
    let received = Buffer.alloc(0);
    let answer;
    let sent = 0;
    const socket = connect(Number(url.port), url.hostname, () => {
      const lines = [`POST ${url.pathname} HTTP/1.1`, `Host: ${url.host}`, 'Transfer-Encoding: chunked'];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.write(lines.join('\r\n') + '\r\n\r\n');
      next();
    });
    const next = () => {
      if (answer || socket.destroyed) return;
      if (sent === count) return void socket.write('0\r\n\r\n');
      sent++;
      socket.write(`${size.toString(16)}\r\n`);
      socket.write(chunk);
      // A pause after each chunk lets an early answer arrive while nothing is being written.
      socket.write('\r\n', () => setTimeout(next, pauseMs));
    };
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = received.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1]);
      if (received.length - end - 4 < length) return;
      answer = {
        status: Number(head.split(' ')[1]),
        body: received.subarray(end + 4, end + 4 + length).toString('utf8'),
        sentMiB: (sent * size) / (1 << 20),
      };
      socket.destroy();
      resolve(answer);
    });
    socket.on('error', (err) => {
      if (!answer) reject(Object.assign(new Error(`no answer after ${sent} of ${count} chunks: ${err.message}`), { code: err.code }));
    });
    socket.on('close', () => {
      if (!answer) reject(new Error(`connection closed without an answer after ${sent} of ${count} chunks`));
    });
  });
}

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
      // Up to 64 MiB in 64 KiB chunks, no Content-Length: only reading can find it too large.
      // A server that answers before the upload ends must close the connection under it, and
      // the client's next write may meet the reset before it has read the answer: a race no
      // HTTP server can win. That case, and only that one, is tried again, at most 5 times.
      let res;
      const resets = [];
      while (!res) {
        try {
          res = await postChunked(new URL('/webhooks/propper', worker.url), signers.propper(sample.secret, small), 1 << 16, 1024, 5);
        } catch (err) {
          if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
          resets.push(err.message);
          assert.ok(resets.length < 5, `reset without an answer 5 times: ${resets.join('; ')}`);
        }
      }
      const answer = JSON.parse(res.body);
      clearInterval(sampler);
      assert.equal(lost, undefined, `workerd could not be sampled: ${lost}`);
      peak = Math.max(peak, rssKiB(pid));
      assert.equal(res.status, 413);
      assert.equal(answer.error, 'PAYLOAD_TOO_LARGE');
      const grewMiB = (peak - idle) / 1024;
      console.log(`workerd RSS: idle ${(idle / 1024).toFixed(1)} MiB, peak ${(peak / 1024).toFixed(1)} MiB (+${grewMiB.toFixed(1)} MiB) while refusing an upload of up to 64 MiB (${res.sentMiB} MiB sent before the answer; ${resets.length} resets before it)`);
      assert.ok(grewMiB < 16, `workerd grew by ${grewMiB.toFixed(1)} MiB`);
    } finally {
      await worker.mf.dispose();
    }
  });
});
