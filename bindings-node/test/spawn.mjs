// Runs a script of this package as its own process and waits for its `listening <port>` line.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export async function start(script, env = {}) {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const output = [];
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      output.push(line);
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    output,
    /** Ends the process with the signal `how` (SIGKILL: a crash) and waits for it. */
    async stop(how = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
      const exited = once(child, 'exit');
      child.kill(how);
      const [code, signal] = await exited;
      return { code, signal };
    },
  };
}
