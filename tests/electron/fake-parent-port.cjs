// Preloaded (node --require) into the child process that stands in for an Electron utility process: gives it
// the `process.parentPort` Electron gives a utility process, carried over Node's IPC channel with structured
// clone ('advanced' serialization), and ends it when its parent goes, as Electron ends a utility process.
'use strict';

const { EventEmitter } = require('node:events');

const parentPort = new EventEmitter();
parentPort.postMessage = (message) => {
  process.send(message);
};
process.on('message', (data) => parentPort.emit('message', { data, ports: [] }));
process.on('disconnect', () => process.exit(0));
process.parentPort = parentPort;
