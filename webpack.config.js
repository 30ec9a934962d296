// Bundles the task pane (React + Fluent UI v9) into dist/taskpane, which `phuluc serve` serves.
const path = require('node:path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = (_env, argv) => {
  const production = argv.mode !== 'development';
  return {
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: { taskpane: './addin/taskpane/index.tsx' },
    output: { path: path.resolve(__dirname, 'dist', 'taskpane'), filename: '[name].[contenthash:8].js', clean: true },
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
    plugins: [new HtmlWebpackPlugin({ template: './addin/taskpane/taskpane.html', filename: 'taskpane.html', chunks: ['taskpane'] })],
    performance: { hints: false },
  };
};
