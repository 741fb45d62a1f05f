import { http } from './http';
import type { Overview } from './types';

export const overviewApi = {
  get: () => http.get<Overview>('/api/overview'),
};
