import type { PlatformSettings } from '@kameng/shared';
import { request } from './client';

/** Public site information (name, default language). */
export function fetchSite(): Promise<PlatformSettings> {
  return request('GET', '/api/site');
}
