import type { Request, Response } from 'express';

export interface ListQuery<S extends string> {
  state?: S;
  limit: number;
  offset: number;
  portal?: string;
}

/** A review API listing's query: a state among `states`, a page (50 by default, 500 at most), a portal; undefined when the state is none of them (the 400 is sent). */
export function listQuery<S extends string>(req: Request, res: Response, states: readonly S[]): ListQuery<S> | undefined {
  const state = typeof req.query.state === 'string' ? req.query.state : undefined;
  if (state && !states.includes(state as S)) {
    res.status(400).json({ error: 'bad_state', message: `state must be one of ${states.join(', ')}` });
    return undefined;
  }
  return {
    state: state as S | undefined,
    limit: Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), 500),
    offset: Math.max(Number(req.query.offset ?? 0) || 0, 0),
    portal: typeof req.query.portal === 'string' && req.query.portal ? req.query.portal : undefined,
  };
}
