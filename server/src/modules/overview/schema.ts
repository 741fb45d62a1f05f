// Answers of /api/overview and /api/site.
import Type from 'typebox';
import { Nullable } from '../../http/schemas.js';

export const Overview = Type.Object({
  territory: Type.Array(Type.Object({ level: Type.Integer(), levelName: Nullable(Type.String()), levelNameEn: Nullable(Type.String()), count: Type.Integer() }), { description: 'live nodes per level in the caller scope' }),
  usersByRole: Type.Array(Type.Object({ role: Type.String(), count: Type.Integer() }), { description: 'active users per role in scope; empty without user.read' }),
});

export const SiteInfo = Type.Object({
  name: Type.String({ description: 'the deployment name shown on the sign-in page' }),
  timeZone: Type.String({ description: 'IANA time zone of working time and display, e.g. Asia/Shanghai' }),
});
