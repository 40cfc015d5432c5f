import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** (being written) */
export const sandboxGatewayRoutes: FastifyPluginAsyncZod = async () => {};
