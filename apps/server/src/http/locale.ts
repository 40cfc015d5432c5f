import type { Locale } from '@kameng/shared';

/** zh-CN unless the first language the client names is English. */
export function negotiateLocale(acceptLanguage: string | undefined): Locale {
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}
