// Shared by the Node-only tests: the demo samples and a real HTTP server on loopback.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';

const samplesPath = fileURLToPath(new URL('../../demo/samples.json', import.meta.url));

/** demo/samples.json: per provider a secret, the previous secret, krebit's client id, events. */
export const samples = JSON.parse(readFileSync(samplesPath, 'utf8')).providers;

/** Starts `app` (an Express app or a request listener) on 127.0.0.1 with an ephemeral port. */
export async function listen(app) {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    close: () => new Promise((resolve) => server.close(resolve)),
    /** POSTs `body` with `headers`; resolves to the status and the JSON (or text) answer. */
    async post(path, body, headers = {}) {
      const res = await fetch(base + path, { method: 'POST', body, headers });
      const text = await res.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, json, text };
    },
  };
}
