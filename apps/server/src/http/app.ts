import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Ctx } from '../lib/ctx';
import type { SecretBox } from '../lib/crypto';
import { registerApiAuth } from './api-auth';
import { adminDockingRoutes } from './routes/admin-docking';
import { apiV1AccountRoutes } from './routes/api-v1-account';
import { apiV1CatalogRoutes } from './routes/api-v1-catalog';
import { apiV1OrderRoutes } from './routes/api-v1-orders';
import { apiV1WebhookRoutes } from './routes/api-v1-webhooks';
import { developerRoutes } from './routes/developer';
import { developerWebhookRoutes } from './routes/developer-webhooks';
import { hostedCheckoutRoutes } from './routes/hosted-checkout';
import { assertAccessDeclared, registerAccessControl } from './access';
import { errorHandler } from './errors';
import { negotiateLocale } from './locale';
import { accountRoutes } from './routes/account';
import { adminRoutes } from './routes/admin';
import { adminEmailRoutes } from './routes/admin-emails';
import { authRoutes } from './routes/auth';
import { healthRoutes } from './routes/health';
import { merchantRoutes } from './routes/merchant';
import { catalogRoutes } from './routes/merchant-catalog';
import { inventoryRoutes } from './routes/merchant-inventory';
import { storeRoutes } from './routes/store';
import { adminLedgerRoutes } from './routes/admin-ledger';
import { merchantFinanceRoutes } from './routes/merchant-finance';
import { adminFinanceRoutes } from './routes/admin-finance';
import { resellerRoutes } from './routes/reseller';
import { checkoutRoutes } from './routes/store-checkout';
import { merchantOrderRoutes } from './routes/merchant-orders';
import { adminPaymentRoutes } from './routes/admin-payments';
import { paymentNotifyRoutes } from './routes/payment-notify';
import { sandboxGatewayRoutes } from './routes/sandbox-gateway';
import { setupRoutes } from './routes/setup';
import { registerWeb } from './web';

/** What the HTTP layer needs from the process. */
export interface AppDeps {
  config: Config;
  db: Db;
  box: SecretBox;
  log: Logger;
  /** Clock for every request's ctx (tests inject one). */
  now?: () => Date;
}

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
  }
  interface FastifyInstance {
    deps: AppDeps;
  }
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Assembles the Fastify app: logging, parsing limits, access control, routes, OpenAPI, the web app. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimit,
    trustProxy: deps.config.trustProxy,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();

  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onRoute', assertAccessDeclared);

  // While closing, answers to in-flight requests end their keep-alive connections, so close() can finish.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) void reply.header('connection', 'close');
  });

  const now = deps.now ?? (() => new Date());
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    req.ctx = {
      db: deps.db,
      box: deps.box,
      log: req.log as Logger,
      now,
      actor: { kind: 'anonymous' },
      locale: negotiateLocale(req.headers['accept-language']),
      requestId: req.id,
      ip: req.ip,
    };
  });

  await app.register(cookie);
  registerAccessControl(app);
  registerApiAuth(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kameng API',
        version: '0.1.0',
        description:
          'Kameng (卡盟) HTTP API. Errors always use the envelope `{ code, message, request_id }` with a stable code. ' +
          'Console endpoints authenticate with the session cookie and need the `X-CSRF-Token` header on writes.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kameng_sid' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          kamengSignature: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              'Open API v1: `KAMENG-HMAC-SHA256 AppKey=…,Timestamp=<unix s>,Nonce=<16–64 [A-Za-z0-9_-]>,Signature=<hex>`, ' +
              'the signature being HMAC-SHA256(AppSecret, canonical string); see docs/docking.md.',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  await app.register(healthRoutes);
  await app.register(setupRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(accountRoutes, { prefix: '/api/account' });
  await app.register(merchantRoutes, { prefix: '/api/merchant' });
  await app.register(catalogRoutes, { prefix: '/api/merchant' });
  await app.register(inventoryRoutes, { prefix: '/api/merchant' });
  await app.register(storeRoutes, { prefix: '/api' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(adminEmailRoutes, { prefix: '/api/admin/emails' });
  await app.register(adminLedgerRoutes, { prefix: '/api/admin/ledger' });
  await app.register(merchantFinanceRoutes, { prefix: '/api/merchant/finance' });
  await app.register(adminFinanceRoutes, { prefix: '/api/admin/finance' });
  await app.register(resellerRoutes, { prefix: '/api/reseller' });
  await app.register(checkoutRoutes, { prefix: '/api/store' });
  await app.register(merchantOrderRoutes, { prefix: '/api/merchant' });
  await app.register(adminPaymentRoutes, { prefix: '/api/admin/payments' });
  await app.register(paymentNotifyRoutes, { prefix: '/api/pay' });
  await app.register(sandboxGatewayRoutes, { prefix: '/sandbox-gateway' });
  await app.register(apiV1AccountRoutes, { prefix: '/api/v1' });
  await app.register(apiV1CatalogRoutes, { prefix: '/api/v1' });
  await app.register(apiV1OrderRoutes, { prefix: '/api/v1' });
  await app.register(apiV1WebhookRoutes, { prefix: '/api/v1' });
  await app.register(hostedCheckoutRoutes, { prefix: '/api/v1/hosted' });
  await app.register(developerRoutes, { prefix: '/api/developer' });
  await app.register(developerWebhookRoutes, { prefix: '/api/developer/webhooks' });
  await app.register(adminDockingRoutes, { prefix: '/api/admin/docking' });

  await registerWeb(app, deps.config.webDistDir);
  return app;
}
