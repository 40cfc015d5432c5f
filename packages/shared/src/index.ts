export * from './errors';
export * from './permissions';
export * from './schemas/common';
export * from './schemas/auth';
export * from './schemas/merchant';
export * from './schemas/admin';
export * from './schemas/catalog';
export * from './schemas/inventory';
