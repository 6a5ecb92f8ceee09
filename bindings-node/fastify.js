'use strict';
// CommonJS entry of `signhook/fastify` (the shared helper, built into lib/fastify.js).
module.exports = require('./lib/fastify.js');
