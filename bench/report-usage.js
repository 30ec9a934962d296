// Preloaded into a benchmarked child (node -r): reports its CPU time and wall time on exit, on fd 3.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const cpu = process.cpuUsage();
  try {
    fs.writeSync(3, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, wallMs: process.uptime() * 1000 }));
  } catch {
    // not run by the benchmark: nothing to report to
  }
});
