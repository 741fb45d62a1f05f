// /api/board: the live board of the command center (case.read). In progress.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.js';

export interface BoardDeps {
  db: Db;
}

export async function boardRoutes(_fastify: FastifyInstance, _deps: BoardDeps) {}
