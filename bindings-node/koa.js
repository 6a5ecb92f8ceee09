'use strict';
// CommonJS entry of `signhook/koa` (the shared helper, built into lib/koa.js).
module.exports = require('./lib/koa.js');
