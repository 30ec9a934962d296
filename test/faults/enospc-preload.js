// Injected "disk full", for machines where the suite may not mount a small tmpfs: while the file
// named by PHULUC_FAULT_DISK_FULL exists, every file opened for writing fails with ENOSPC.
'use strict';
const fs = require('node:fs');
const promises = require('node:fs/promises');
const flag = process.env.PHULUC_FAULT_DISK_FULL;
const open = promises.open;
promises.open = async function faultyOpen(file, flags, ...rest) {
  if (flag && typeof flags === 'string' && /[wa+]/.test(flags) && fs.existsSync(flag)) {
    const error = new Error(`ENOSPC: no space left on device, open '${file}'`);
    error.code = 'ENOSPC';
    throw error;
  }
  return open.call(this, file, flags, ...rest);
};
