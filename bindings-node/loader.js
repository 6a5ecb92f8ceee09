'use strict';
// Loads the engine of the `signhook` package (built into lib/engine.js): the native binary for this platform when one
// loads, else the WebAssembly build of the same core (same API, same answers; slower on
// small bodies). SIGNHOOK_ENGINE=wasm forces the WebAssembly engine, SIGNHOOK_ENGINE=native
// forbids it.
//
// Native binaries come from the platform packages (`signhook-linux-x64-gnu` and so on, optional
// dependencies that npm installs only on their own platform) or, in a development build, from
// a `signhook.<platform>.node` file beside package.json.

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** `gnu` or `musl` on Linux (undefined elsewhere). */
function linuxLibc() {
  // musl's loader is named in the ldd script; glibc's ldd is a bash script that is not.
  try {
    const ldd = readFileSync('/usr/bin/ldd', 'latin1');
    if (ldd.includes('musl')) return 'musl';
    if (ldd.includes('GNU C Library') || ldd.includes('glibc')) return 'gnu';
  } catch {
    // No ldd (a distroless image): ask Node's own report.
  }
  try {
    const { header, sharedObjects = [] } = process.report.getReport();
    if (header.glibcVersionRuntime) return 'gnu';
    if (sharedObjects.some((file) => file.includes('musl'))) return 'musl';
  } catch {
    // Reports disabled: assume glibc, the common case; its loader error will say if not.
  }
  return 'gnu';
}

/** This machine's platform name, as the platform packages are named: e.g. `linux-x64-gnu`. */
function platformName() {
  const { platform, arch } = process;
  if (platform === 'linux') return `linux-${arch}-${linuxLibc()}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

const platform = platformName();
const problems = [];

function loadNative() {
  const local = join(__dirname, '..', `signhook.${platform}.node`);
  const candidates = existsSync(local) ? [local, `signhook-${platform}`] : [`signhook-${platform}`];
  for (const candidate of candidates) {
    try {
      return require(candidate);
    } catch (err) {
      const notInstalled = err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(`'${candidate}'`);
      problems.push(notInstalled ? `native: ${candidate} is not installed` : `native: ${candidate}: ${err.message}`);
    }
  }
  return undefined;
}

function loadWasm() {
  try {
    return require('./wasm/signhook_wasm.js');
  } catch (err) {
    problems.push(`WebAssembly: ${err.message}`);
    return undefined;
  }
}

const wanted = process.env.SIGNHOOK_ENGINE;
if (wanted !== undefined && wanted !== '' && wanted !== 'native' && wanted !== 'wasm') {
  throw new Error(`signhook: SIGNHOOK_ENGINE must be "native" or "wasm", not ${JSON.stringify(wanted)}`);
}

let engine;
let name;
if (wanted !== 'wasm') {
  engine = loadNative();
  name = 'native';
}
if (engine === undefined && wanted !== 'native') {
  engine = loadWasm();
  name = 'wasm';
}
if (engine === undefined) {
  const libc = process.platform === 'linux' ? platform.split('-')[2] : 'n/a';
  throw new Error(
    `signhook could not load an engine on ${platform} (platform ${process.platform}, ` +
      `arch ${process.arch}, libc ${libc}, Node ${process.version}):\n  ${problems.join('\n  ')}`,
  );
}

module.exports = {
  name,
  platform,
  createVerifier: engine.createVerifier,
  checkNow: engine.checkNow,
  failure: engine.failure,
  createDedupe: engine.createDedupe,
};
