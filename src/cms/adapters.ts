import type { Policy } from '../policy/schema.js';
import type { CmsAdapter } from './adapter.js';
import { genericAdapter } from './generic/adapter.js';
import type { TrustedProxies } from './identity.js';
import type { CmsFetch } from './wordpress/logins.js';
import { wordpressAdapter } from './wordpress/adapter.js';

/** The adapter a policy's CMS profile names, with what it needs from the running gateway. */
export function createAdapter(policy: Pick<Policy, 'adapter' | 'charset' | 'submitter'>, deps: { trustedProxies: TrustedProxies; fetch?: CmsFetch }): CmsAdapter {
  const options = { charset: policy.charset, identityHeaders: policy.submitter.headers, trustedProxies: deps.trustedProxies };
  return policy.adapter === 'wordpress' ? wordpressAdapter({ ...options, fetch: deps.fetch }) : genericAdapter(options);
}
