import type { zhCN } from './zh-CN';

// Typed keys: a t() call with a key missing from the locale files fails type-checking.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}
