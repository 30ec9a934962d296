// Bundles the task pane (React + Fluent UI v9) into dist/taskpane, which `phuluc serve` serves,
// with the ribbon's function file, the help page, the icons and the manifest. The manifest's
// development address (https://localhost:3000) is replaced by PHULUC_URL when it is set.
const { readFileSync, readdirSync } = require('node:fs');
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const DEV_URL = 'https://localhost:3000';

function productionUrl() {
  const value = process.env.PHULUC_URL;
  if (!value) return DEV_URL;
  const url = new URL(value);
  if (url.protocol !== 'https:') throw new Error(`PHULUC_URL phải là địa chỉ https:// (Office chỉ nạp phần bổ trợ qua HTTPS), không phải ${value}`);
  return url.origin;
}

/** Lists the task pane's files in precache.json, for the service worker to cache when it installs. */
class PrecachePlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('PrecachePlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'PrecachePlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        const pane = Object.keys(assets).filter((name) => /^(taskpane\.html|engine-check\.js|taskpane\.[0-9a-f]+\.js|assets\/icon-(16|32|80)\.png)$/.test(name));
        compilation.emitAsset('precache.json', new compiler.webpack.sources.RawSource(JSON.stringify(pane)));
      });
    });
  }
}

/** The manifest with its development address replaced by `url`. */
function manifestFor(url) {
  return readFileSync(path.resolve(__dirname, 'manifest.xml'), 'utf8').replaceAll(DEV_URL, url);
}

/** Emits the manifest (with the production address), the icons and the preview's style sheet next to the bundle. */
class ManifestPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('ManifestPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'ManifestPlugin', stage: compiler.webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        const { RawSource } = compiler.webpack.sources;
        compilation.emitAsset('manifest.xml', new RawSource(manifestFor(productionUrl())));
        const assets = path.resolve(__dirname, 'addin', 'assets');
        for (const file of readdirSync(assets)) compilation.emitAsset(`assets/${file}`, new RawSource(readFileSync(path.join(assets, file))));
        compilation.emitAsset('engine-check.js', new RawSource(readFileSync(path.resolve(__dirname, 'addin', 'taskpane', 'engine-check.js'))));
        compilation.emitAsset('xem-thu.css', new RawSource(readFileSync(path.resolve(__dirname, 'addin', 'preview', 'xem-thu.css'))));
        compilation.fileDependencies.add(path.resolve(__dirname, 'manifest.xml'));
      });
    });
  }
}

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: { taskpane: './addin/taskpane/index.tsx', 'nop-bao-cao': './addin/upload-page/index.tsx', commands: './addin/commands/commands.ts', 'office-sim': './addin/preview/office-sim.ts', sw: './addin/offline/service-worker.ts' },
    // Fixed names: office-sim.js (the browser tests serve it in place of office.js) and sw.js (a service worker's address must not change).
    output: { path: path.resolve(__dirname, 'dist', 'taskpane'), filename: (f) => (['office-sim', 'sw'].includes(f.chunk.name) ? '[name].js' : '[name].[contenthash:8].js'), clean: true },
    resolve: { extensions: ['.tsx', '.ts', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2020' } },
          },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({ template: './addin/taskpane/taskpane.html', filename: 'taskpane.html', chunks: ['taskpane'] }),
      new HtmlWebpackPlugin({ template: './addin/commands/commands.html', filename: 'commands.html', chunks: ['commands'] }),
      new HtmlWebpackPlugin({ template: './addin/taskpane/huong-dan.html', filename: 'huong-dan.html', chunks: [] }),
      // The server's root page: what the product is, and where each door is.
      new HtmlWebpackPlugin({ template: './addin/home/index.html', filename: 'index.html', chunks: [] }),
      // Nộp báo cáo: checking and sending from a browser, for Excel that cannot run the add-in.
      new HtmlWebpackPlugin({ template: './addin/upload-page/nop-bao-cao.html', filename: 'nop-bao-cao.html', chunks: ['nop-bao-cao'] }),
      // "Xem thử": the task pane beside a simulated sheet, for trying it without Excel.
      new HtmlWebpackPlugin({ template: './addin/preview/xem-thu.html', filename: 'xem-thu.html', chunks: ['office-sim', 'taskpane'], chunksSortMode: 'manual' }),
      new ManifestPlugin(),
      new PrecachePlugin(),
    ],
    performance: { hints: false },
  };
};

module.exports.manifestFor = manifestFor;
module.exports.productionUrl = productionUrl;
