// Electronegativity fetches updated locale strings (and Electron release data) over the network at start-up.
// LitDesk's CI has no network, and a failed fetch crashes the tool from a retry timer, so the HTTP client it uses
// (`got`) is replaced by one that fails at once; the tool then uses its bundled strings. Nothing else changes.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'got') {
    const offline = () => Promise.reject(new Error('offline: no network for Electronegativity'));
    offline.get = offline;
    return offline;
  }
  return load.call(this, request, ...rest);
};
