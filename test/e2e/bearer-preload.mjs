// Preloaded (node --import) into the MCP conformance runner, which cannot send headers: every
// request it makes to the gateway's origin carries the bearer from GATEWAY_BEARER, whether it goes
// through fetch/undici or, as the 2026-07-28 header scenarios do to send raw headers, node:http.
import http from 'node:http';
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

const { host } = new URL(origin);
const request = http.request;
http.request = (options, ...rest) => {
  const target = typeof options === 'object' && !(options instanceof URL) ? options : undefined;
  if (!target || `${target.hostname ?? target.host}:${target.port}` !== host) return request(options, ...rest);
  return request({ ...target, headers: { ...target.headers, authorization: `Bearer ${bearer}` } }, ...rest);
};
