/**
 * @jest-environment node
 *
 * The manifest, checked offline (`npm run validate:manifest` asks Microsoft's service and needs the
 * internet): read with office-addin-manifest's own reader, the elements in the order the schema
 * requires, the button on the Home tab, every URL on the add-in's address, every icon present at
 * its size; the build's address substitution; the server serving the manifest and icons.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parseStringPromise } from 'xml2js';
import { ROOT } from '../helpers/paths';
import { testServer } from '../helpers/server';

const MANIFEST = path.join(ROOT, 'manifest.xml');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const webpackConfig = require('../../webpack.config') as { manifestFor: (url: string) => string; productionUrl: () => string };

/** office-addin-manifest's reader, run by Node itself (jest cannot load its ES-module dependencies). */
function readWithOfficeAddinManifest(file: string): Record<string, unknown> {
  const script = `require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1]).then((m) => process.stdout.write(JSON.stringify(m)))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, file], { cwd: ROOT, encoding: 'utf8' }));
}

interface XmlNode {
  '#name': string;
  $?: Record<string, string>;
  _?: string;
  $$?: XmlNode[];
}

const parse = async (xml: string) => ((await parseStringPromise(xml, { explicitChildren: true, preserveChildrenOrder: true, explicitRoot: true })) as { OfficeApp: XmlNode }).OfficeApp;
const children = (node: XmlNode | undefined, name?: string) => (node?.$$ ?? []).filter((c) => !name || c['#name'] === name);
const child = (node: XmlNode | undefined, name: string) => children(node, name)[0];
function all(node: XmlNode, name: string): XmlNode[] {
  return [...(node['#name'] === name ? [node] : []), ...(node.$$ ?? []).flatMap((c) => all(c, name))];
}

function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('manifest.xml', () => {
  test('office-addin-manifest reads it: an Excel task pane in Vietnamese that reads and writes the workbook', () => {
    const info = readWithOfficeAddinManifest(MANIFEST);
    expect(info).toMatchObject({
      displayName: 'Phụ lục',
      defaultLocale: 'vi-VN',
      hosts: ['Workbook'],
      permissions: 'ReadWriteDocument',
      officeAppType: 'TaskPaneApp',
      defaultSettings: { sourceLocation: 'https://localhost:3000/taskpane.html' },
      iconUrl: 'https://localhost:3000/assets/icon-32.png',
      highResolutionIconUrl: 'https://localhost:3000/assets/icon-64.png',
    });
    expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(String(info.description)).toMatch(/cải cách hành chính/);
  });

  test('the elements come in the order the schema requires', async () => {
    const app = await parse(readFileSync(MANIFEST, 'utf8'));
    expect(children(app).map((c) => c['#name'])).toEqual([
      'Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl',
      'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides',
    ]);
    const form = child(child(child(child(app, 'VersionOverrides'), 'Hosts'), 'Host'), 'DesktopFormFactor');
    expect(children(form).map((c) => c['#name'])).toEqual(['GetStarted', 'FunctionFile', 'ExtensionPoint']);
  });

  test('a "Phụ lục" group and button on the Home tab open the task pane; every resource id resolves', async () => {
    const app = await parse(readFileSync(MANIFEST, 'utf8'));
    const tab = all(app, 'OfficeTab')[0]!;
    expect(tab.$!.id).toBe('TabHome');
    const resources = child(child(app, 'VersionOverrides'), 'Resources')!;
    const byId = new Map(all(resources, 'bt:Image').concat(all(resources, 'bt:Url'), all(resources, 'bt:String')).map((n) => [n.$!.id, n.$!.DefaultValue]));
    const group = child(tab, 'Group')!;
    expect(byId.get(child(group, 'Label')!.$!.resid)).toBe('Phụ lục');
    const button = child(group, 'Control')!;
    expect(button.$!['xsi:type']).toBe('Button');
    const action = child(button, 'Action')!;
    expect(action.$!['xsi:type']).toBe('ShowTaskpane');
    expect(byId.get(child(action, 'SourceLocation')!.$!.resid)).toBe('https://localhost:3000/taskpane.html');
    for (const ref of all(app, 'bt:Image').filter((n) => n.$!.resid).concat(all(app, 'SourceLocation').filter((n) => n.$!.resid))) {
      expect(byId.has(ref.$!.resid!)).toBe(true);
    }
  });

  test('every URL is on the add-in address; every icon exists at its size, 16 to 128 px', async () => {
    const xml = readFileSync(MANIFEST, 'utf8');
    const urls = [...xml.matchAll(/DefaultValue="(https?:[^"]+)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of urls) expect(url.startsWith('https://localhost:3000/')).toBe(true);
    for (const url of urls.filter((u) => u.endsWith('.png'))) {
      const size = Number(/icon-(\d+)\.png$/.exec(url)![1]);
      expect(pngSize(path.join(ROOT, 'addin', 'assets', `icon-${size}.png`))).toEqual([size, size]);
    }
    for (const size of [16, 32, 64, 80, 128]) expect(pngSize(path.join(ROOT, 'addin', 'assets', `icon-${size}.png`))).toEqual([size, size]);
  });

  test('the build writes PHULUC_URL in place of the development address, and refuses plain HTTP', async () => {
    const built = webpackConfig.manifestFor('https://phuluc.quan3.gov.vn');
    expect(built).not.toContain('localhost');
    expect(readWithOfficeAddinManifestText(built)).toMatchObject({ defaultSettings: { sourceLocation: 'https://phuluc.quan3.gov.vn/taskpane.html' } });
    const saved = process.env.PHULUC_URL;
    try {
      process.env.PHULUC_URL = 'http://phuluc.quan3.gov.vn';
      expect(() => webpackConfig.productionUrl()).toThrow(/https/);
      process.env.PHULUC_URL = 'https://phuluc.quan3.gov.vn/duong-dan/';
      expect(webpackConfig.productionUrl()).toBe('https://phuluc.quan3.gov.vn');
    } finally {
      if (saved === undefined) delete process.env.PHULUC_URL;
      else process.env.PHULUC_URL = saved;
    }
  });

  test('the server serves the built manifest, the icons and the ribbon page', async () => {
    const s = await testServer(undefined, { staticDir: path.join(ROOT, 'dist', 'taskpane') });
    try {
      const manifest = await request(s.app).get('/manifest.xml').expect(200);
      expect(manifest.text).toContain('<DisplayName DefaultValue="Phụ lục"/>');
      const icon = await request(s.app).get('/assets/icon-80.png').expect(200);
      expect(icon.headers['content-type']).toBe('image/png');
      await request(s.app).get('/commands.html').expect(200);
      await request(s.app).get('/huong-dan.html').expect(200);
    } finally {
      await s.close();
    }
  });
});

function readWithOfficeAddinManifestText(xml: string): Record<string, unknown> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'phuluc-manifest-')), 'manifest.xml');
  writeFileSync(file, xml);
  return readWithOfficeAddinManifest(file);
}
