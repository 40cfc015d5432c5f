/** Every table, for drizzle-kit and the typed client. Each module owns (and alone writes) its tables. */
export * from '../modules/accounts/schema';
export * from '../modules/merchants/schema';
export * from '../modules/audit/schema';
export * from '../modules/settings/schema';
export * from '../modules/ratelimit/schema';
export * from '../modules/uploads/schema';
export * from '../modules/catalog/schema';
export * from '../modules/inventory/schema';
export * from '../modules/events/schema';
export * from '../modules/ledger/schema';
export * from '../modules/finance/schema';
export * from '../modules/resellers/schema';
export * from '../modules/orders/schema';
export * from '../modules/payments/schema';
export * from '../modules/notifications/schema';
export * from '../modules/payments/sandbox/schema';
export * from '../jobs/schema';
