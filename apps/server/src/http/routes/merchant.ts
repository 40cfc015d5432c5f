import { createStaffBody, idParams, merchant, staffMember, updateStaffBody } from '@kameng/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOwnMerchant } from '../../modules/merchants/admin-merchants';
import { createStaff, deleteStaff, getStaff, listStaff, updateStaff } from '../../modules/merchants/staff';

const tags = ['merchant'];
const staffAccess = { access: { merchant: 'staff.manage' } } as const;

/** The merchant console's API: everything here is scoped to the caller's own merchant. */
export const merchantRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/profile',
    { config: { access: { merchant: null } }, schema: { tags, response: { 200: merchant } } },
    async (req) => getOwnMerchant(req.ctx),
  );
  app.get(
    '/staff',
    { config: staffAccess, schema: { tags, response: { 200: z.object({ items: z.array(staffMember) }) } } },
    async (req) => ({ items: await listStaff(req.ctx) }),
  );
  app.post(
    '/staff',
    { config: staffAccess, schema: { tags, body: createStaffBody, response: { 201: staffMember } } },
    async (req, reply) => reply.status(201).send(await createStaff(req.ctx, req.body)),
  );
  app.get(
    '/staff/:id',
    { config: staffAccess, schema: { tags, params: idParams, response: { 200: staffMember } } },
    async (req) => getStaff(req.ctx, req.params.id),
  );
  app.patch(
    '/staff/:id',
    {
      config: staffAccess,
      schema: { tags, params: idParams, body: updateStaffBody, response: { 200: staffMember } },
    },
    async (req) => updateStaff(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/staff/:id',
    { config: staffAccess, schema: { tags, params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteStaff(req.ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
