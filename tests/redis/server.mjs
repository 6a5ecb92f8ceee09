// A real redis-server on 127.0.0.1 for the tests that need one, on a free port, with nothing
// saved to disk. The binary is SIGNHOOK_REDIS_SERVER if set (it must be, or exec, redis-server
// itself: readiness checks the server's process id), else the one scripts/redis.sh provides
// (found once per process); failing to get one throws.
//
//   const redis = await startRedis(); // { url: 'redis://127.0.0.1:PORT', port, stop, kill, restart }
//   await redis.kill();    // SIGKILL: an outage
//   await redis.restart(); // the same port again
//   await redis.stop();    // SIGTERM, and waits until the process is gone
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const script = fileURLToPath(new URL('../../scripts/redis.sh', import.meta.url));
const READY_MS = 15_000;
const STOP_MS = 10_000;

let binary;
/** The redis-server binary's path (runs scripts/redis.sh the first time). */
export function redisServerPath() {
  binary ??=
    process.env.SIGNHOOK_REDIS_SERVER ||
    execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  if (!binary) throw new Error('scripts/redis.sh printed no redis-server path');
  return binary;
}

// Servers still running when the process exits are killed, whatever the tests did.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A port that was free a moment ago on 127.0.0.1 (redis cannot pick one itself). */
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Sends `request` to 127.0.0.1:port and resolves to the answer once `complete(answer)` holds, or
 * to null on an error, a close or the timeout.
 */
function exchange(port, request, complete, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.on('error', () => done(null));
    socket.on('close', () => done(null));
    socket.on('connect', () => socket.write(request));
    socket.on('data', (data) => {
      answer += data;
      if (complete(answer)) done(answer);
    });
  });
}

/** Whether a redis answers PING on 127.0.0.1:port (a raw RESP exchange, no client library). */
export async function ping(port, timeoutMs = 1000) {
  const answer = await exchange(port, 'PING\r\n', (a) => a.includes('\r\n'), timeoutMs);
  return answer === '+PONG\r\n';
}

/**
 * Whether the redis answering PING on port is process `pid`, not another test's server that took
 * the port between freePort() and our failed bind.
 */
async function answersAs(port, pid) {
  const done = (a) => (a.includes('\r\n') && !a.startsWith('+PONG\r\n')) || /process_id:\d+\r\n/.test(a);
  const answer = await exchange(port, 'PING\r\nINFO server\r\n', done, 500);
  return answer !== null && answer.startsWith('+PONG\r\n') && answer.includes(`process_id:${pid}\r\n`);
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child, ms) {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts redis-server on `port` and waits until it answers PING. Resolves to the child process,
 * or to null when the port was taken (redis could not bind it).
 */
async function launch(port) {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', os.tmpdir(), '--daemonize', 'no'];
  const child = spawn(redisServerPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (data) => {
    log = (log + data).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let spawnError;
  child.once('error', (error) => {
    spawnError = error;
    running.delete(child);
  });
  running.add(child);
  child.once('exit', () => running.delete(child));

  const deadline = Date.now() + READY_MS;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`could not run ${redisServerPath()}: ${spawnError.message}`);
    if (exited(child)) {
      await new Promise((resolve) => setImmediate(resolve)); // the last of its output
      if (/Address already in use|bind:/i.test(log)) return null;
      throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}) before answering PING:\n${log}`);
    }
    if (await answersAs(port, child.pid)) return child;
    await sleep(25);
  }
  child.kill('SIGKILL');
  await waitExit(child, STOP_MS);
  throw new Error(`redis-server did not answer PING on port ${port} within ${READY_MS} ms:\n${log}`);
}

/** Starts a redis-server on a free port of 127.0.0.1; see the top of this file. */
export async function startRedis() {
  let port;
  let child = null;
  for (let attempt = 0; child === null; attempt++) {
    if (attempt === 5) throw new Error('redis-server could not bind a free port in 5 attempts');
    port = await freePort();
    child = await launch(port);
  }

  async function end(signal) {
    const current = child;
    child = null;
    if (current === null || exited(current)) return;
    current.kill(signal);
    if (!(await waitExit(current, STOP_MS))) {
      current.kill('SIGKILL');
      await waitExit(current, STOP_MS);
    }
  }

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child && !exited(child) ? child.pid : null;
    },
    /** Terminates the server (SIGTERM) and waits until it has exited. */
    stop: () => end('SIGTERM'),
    /** Kills the server (SIGKILL), as in an outage, and waits until it has exited. */
    kill: () => end('SIGKILL'),
    /** Starts the server again on the same port (stopping it first if it runs). */
    async restart() {
      await end('SIGTERM');
      // The port is usually free again at once; retry briefly if the old socket still holds it.
      for (let attempt = 0; attempt < 20; attempt++) {
        child = await launch(port);
        if (child !== null) return;
        await sleep(100);
      }
      throw new Error(`redis-server could not bind port ${port} again`);
    },
  };
}
