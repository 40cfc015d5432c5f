import { errorCatalog, errorMessage, type ErrorCode, type Locale } from '@kameng/shared';

/** The catalogue's message for an error code in the UI language; null for a code it does not know. */
export function errorCodeText(code: string, language: string): string | null {
  if (!Object.hasOwn(errorCatalog, code)) return null;
  const locale: Locale = language === 'en' ? 'en' : 'zh-CN';
  return errorMessage(code as ErrorCode, locale);
}
