// Preloaded (node --import) into the MCP conformance runner, which cannot send headers: every
// request it makes to the gateway's origin carries the bearer from GATEWAY_BEARER.
import { Agent, setGlobalDispatcher } from 'undici';

const origin = process.env.GATEWAY_ORIGIN;
const bearer = process.env.GATEWAY_BEARER;
if (!origin || !bearer) throw new Error('bearer-preload needs GATEWAY_ORIGIN and GATEWAY_BEARER');

const withBearer = (dispatch) => (options, handler) => {
  if (String(options.origin).replace(/\/$/, '') !== origin) return dispatch(options, handler);
  const headers = Array.isArray(options.headers)
    ? [...options.headers, 'authorization', `Bearer ${bearer}`]
    : { ...options.headers, authorization: `Bearer ${bearer}` };
  return dispatch({ ...options, headers }, handler);
};
setGlobalDispatcher(new Agent().compose(withBearer));
