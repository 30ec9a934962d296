// Injected "disk full", for machines where the suite may not mount a small tmpfs: while the file
// named by PHULUC_FAULT_DISK_FULL exists, every file opened for writing fails with ENOSPC, and so
// does every write to a file already open (the store keeps its journal open).
'use strict';
const fs = require('node:fs');
const promises = require('node:fs/promises');
const flag = process.env.PHULUC_FAULT_DISK_FULL;
const full = () => flag && fs.existsSync(flag);
const enospc = (file) => {
  const error = new Error(`ENOSPC: no space left on device, write '${file}'`);
  error.code = 'ENOSPC';
  return error;
};
const open = promises.open;
promises.open = async function faultyOpen(file, flags, ...rest) {
  if (typeof flags === 'string' && /[wa+]/.test(flags) && full()) throw enospc(file);
  const handle = await open.call(this, file, flags, ...rest);
  const proto = Object.getPrototypeOf(handle);
  if (!proto.__phulucFull) {
    proto.__phulucFull = true;
    for (const name of ['write', 'writev', 'writeFile', 'appendFile']) {
      const original = proto[name];
      proto[name] = async function faultyWrite(...args) {
        if (full()) throw enospc(this.fd);
        return original.apply(this, args);
      };
    }
  }
  return handle;
};
