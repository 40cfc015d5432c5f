import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors';

/**
 * Serves the built web app (storefront and both consoles) with SPA fallback: an unknown GET that
 * wants HTML gets index.html; unknown API paths get the NOT_FOUND envelope.
 */
export async function registerWeb(app: FastifyInstance, distDir: string): Promise<void> {
  const index = path.join(distDir, 'index.html');
  const built = fs.existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      maxAge: '1h',
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`))
          void res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  } else {
    app.log.warn({ distDir }, 'web app not built: run `npm run build` to serve the consoles');
  }
  app.setNotFoundHandler((req, reply) => {
    const wantsPage =
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      (req.headers.accept ?? '').includes('text/html');
    if (!wantsPage) return sendError(req, reply, 'NOT_FOUND');
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Kameng web app is not built. Run `npm run build`. / 前端尚未构建，请运行 npm run build。');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
