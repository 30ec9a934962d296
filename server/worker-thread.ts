/**
 * Starting one of the server's worker threads (the workbook readers, the summary): the compiled
 * script beside the caller; under ts (the tests run the sources) a bootstrap that compiles the
 * sources with swc as they are required.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** `dir`/`name`.js when compiled, else `dir`/`name`.ts through swc; with a heap limit in MB. */
export function startWorker(dir: string, name: string, heapMb: number, workerData?: unknown): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: heapMb }, workerData };
  const compiled = path.join(dir, `${name}.js`);
  if (existsSync(compiled)) return new Worker(compiled, options);
  const source = path.join(dir, `${name}.ts`);
  const bootstrap = `
    const fs = require('node:fs');
    const { transformSync } = require('@swc/core');
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
      module._compile(code, filename);
    };
    require(${JSON.stringify(source)});`;
  return new Worker(bootstrap, { ...options, eval: true });
}
