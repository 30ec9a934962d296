/** The Express application: security headers, CORS allow-list, the API, the task pane's files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cors from 'cors';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { authenticate, FailedAuthLimiter } from './auth';
import { ApiError, errorHandler } from './http';
import { accountRoutes } from './routes/accounts';
import { checkRoutes } from './routes/check';
import { roundRoutes } from './routes/round';
import { roundsRoutes } from './routes/rounds';
import { scoreRoutes } from './routes/scores';
import { assignmentRoutes } from './routes/assignments';
import { submissionRoutes } from './routes/submissions';
import { summaryRoutes } from './routes/summary';
import { summaryBuilder, type Summaries } from './summary-pool';
import type { Store } from './store';
import { workbookReaders, type WorkbookReaders } from './xlsx/reader-pool';

export interface AppOptions {
  store: Store;
  logger: Logger;
  /** Origins allowed to call the API from a browser (the add-in's), matched exactly. */
  origins: string[];
  now?: () => Date;
  /** Folder of the built task pane (dist/taskpane), served at the root when it exists. */
  staticDir?: string;
  authLimiter?: FailedAuthLimiter;
  /** Where uploaded workbooks are read (worker threads); made here when not given. */
  readers?: WorkbookReaders;
  /** Where summaries are built (a worker thread); made here when not given. */
  summaries?: Summaries;
  /**
   * The HTTPS origin this server is reached at (asked when the manifest is served: the port may be
   * settled only once listening), written into the served manifest in place of the address it was
   * built with, so every URL in it is this server's. Unset, or undefined: served as built.
   */
  manifestOrigin?: () => string | undefined;
  /** The secret of the local admin socket (`phuluc admin …` while the server runs); see server/local-admin.ts. */
  localAdminSecret?: string;
}

/** The origin a built manifest points at (its task pane's address). */
function manifestAddress(xml: string): string | null {
  const match = /<SourceLocation\s+DefaultValue="(https:\/\/[^/"]+)\//.exec(xml);
  return match ? (match[1] as string) : null;
}

/** Where Office hosts the task pane's frame (Excel on the web); the pane must be allowed there. */
const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://*.office.com',
  'https://*.officeapps.live.com',
  'https://*.sharepoint.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://onedrive.live.com',
  'https://*.onedrive.live.com',
];

/** The pages Office shows in its frames (the manifest's task pane and function file); no other page may be framed. */
const ADD_IN_PAGES = new Set(['/taskpane.html', '/commands.html']);

/** Security headers; `framedBy`: who may show the page in a frame (none, or Office's hosts for the add-in's pages). */
function securityHeaders(framedBy: string[]) {
  return helmet({
    // The add-in's pages are framed by Office (frame-ancestors says where); every other page by no one.
    frameguard: framedBy.length === 0 ? { action: 'deny' } : false,
    // Office loads the ribbon's icons from another origin; the API is guarded by CORS and tokens.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: framedBy.length === 0 ? ["'none'"] : framedBy,
      },
    },
  });
}

/** Every file of the built pane, by its URL path: what may be served, source maps left out. */
function servedFiles(dir: string): Set<string> {
  const files = new Set<string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.map')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.add(`/${path.relative(dir, full).split(path.sep).join('/')}`);
  }
  return files;
}

export function createApp(options: AppOptions): Express {
  const { store, logger } = options;
  const now = options.now ?? (() => new Date());
  const app = express();
  app.disable('x-powered-by');
  // No ETag on answers: they are no-store, and Express would hash every body (a summary of many
  // megabytes) on the main thread. The pane's files keep theirs (express.static makes its own).
  app.set('etag', false);

  const framedByOffice = securityHeaders(OFFICE_FRAME_ANCESTORS);
  const neverFramed = securityHeaders([]);
  app.use((req, res, next) => (ADD_IN_PAGES.has(req.path) ? framedByOffice : neverFramed)(req, res, next));
  app.use(cors({ origin: (origin, done) => done(null, origin !== undefined && options.origins.includes(origin)), allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match'] }));

  // One line per request: never headers, bodies or query strings, so no token or report text reaches the log.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info({ method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6, account: req.account?.id }, 'request');
    });
    next();
  });

  app.get('/api/health', (_req, res) => {
    res.json({ ok: true });
  });

  const api = express.Router();
  // Answers hold reports and tokens' results: never kept by a browser or a proxy.
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(authenticate(store, options.authLimiter ?? new FailedAuthLimiter(), now, options.localAdminSecret));
  api.use(roundRoutes(store, now));
  api.use('/accounts', accountRoutes(store, now));
  api.use('/rounds', roundsRoutes(store, now));
  const readers = options.readers ?? workbookReaders();
  api.use('/submissions', submissionRoutes(store, now, readers));
  api.use('/check', checkRoutes(store, readers));
  api.use('/scores', scoreRoutes(store, now));
  api.use('/assignments', assignmentRoutes(store));
  api.use(summaryRoutes(store, options.summaries ?? summaryBuilder(), logger));
  api.use(() => {
    throw new ApiError(404, 'not-found', 'Không có địa chỉ này trong API.');
  });
  app.use('/api', api);

  if (options.staticDir && existsSync(options.staticDir)) {
    // Only the files the build made, by their decoded name: a source map (which would publish the
    // sources) or anything else is not found, however its name is spelled.
    const files = servedFiles(options.staticDir);
    app.use((req, _res, next) => {
      if (req.path === '/' || req.path === '/manifest.xml') return next();
      let name: string;
      try {
        name = path.posix.normalize(decodeURIComponent(req.path));
      } catch {
        name = '';
      }
      if (!files.has(name)) throw new ApiError(404, 'not-found', 'Không tìm thấy trang này.');
      next();
    });
    const manifestFile = path.join(options.staticDir, 'manifest.xml');
    const origin = options.manifestOrigin;
    if (origin && existsSync(manifestFile)) {
      const built = readFileSync(manifestFile, 'utf8');
      const from = manifestAddress(built);
      app.get('/manifest.xml', (_req, res, next) => {
        const to = origin();
        if (!from || !to) return next();
        res.set('Cache-Control', 'no-store').type('application/xml').send(built.replaceAll(from, to));
      });
    }
    app.use(express.static(options.staticDir, { index: false }));
    app.get('/', (_req, res) => res.sendFile(path.join(options.staticDir as string, 'index.html')));
  }
  app.use((_req, _res) => {
    throw new ApiError(404, 'not-found', 'Không tìm thấy trang này.');
  });
  app.use(errorHandler(logger));
  return app;
}

export const DEFAULT_STATIC_DIR = path.resolve(__dirname, '..', 'taskpane');
