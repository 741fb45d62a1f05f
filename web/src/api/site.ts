import { http } from './http';
import type { SiteInfo } from './types';

export const siteApi = {
  /** Public: the deployment's name for the sign-in page, and its time zone. */
  get: () => http.get<SiteInfo>('/api/site', undefined, { quiet: true }),
};
