/**
 * The gateway's `ctx.handles`: one `HandleSession` per MCP session (keyed by the session's token
 * cache) or per stateless request (keyed by an object of that request), backed by the user's
 * `HandleStore`. Never one for several requests of the Worker: a promise of one request (a pending
 * write) awaited by another breaks the runtime's request isolation ("Cannot perform I/O on behalf
 * of a different request") and can leave the other request hanging.
 */
import type { ToolHandles } from '../plugin/handles';
import { userHandleKey } from './derive';
import { handleStoreFor } from './handle-store';
import { HandleSession } from './session-handles';

const sessions = new WeakMap<object, HandleSession>();

/**
 * @example
 * const handles = handlesFor(tokens, env, identity.userKey, waitUntil);
 * handles.show('message', message.id); // 'm7k2qx'
 */
export function handlesFor(
  session: object,
  env: Env,
  userKey: string,
  defer: (write: Promise<unknown>) => void,
): ToolHandles {
  if (withoutHandles(env)) return PASS_THROUGH;
  let handles = sessions.get(session);
  if (!handles) {
    handles = new HandleSession({
      store: () => handleStoreFor(env, userKey),
      key: userHandleKey(env.TOKEN_ENCRYPTION_KEY, userKey),
      defer,
      onWriteError: (error) =>
        console.warn(
          JSON.stringify({ level: 'warn', message: 'Recording handles failed', user: userKey, error: String(error) }),
        ),
    });
    sessions.set(session, handles);
  }
  return handles;
}

/**
 * Waits until what the calls under `session` showed is in the user's store (nothing to wait for
 * when they showed nothing).
 *
 * @example
 * const response = await answer();
 * await settleHandles(requestScope); // the client's next request can use every handle in it
 */
export async function settleHandles(session: object): Promise<void> {
  await sessions.get(session)?.settle();
}

/**
 * `npm run bench` measures calls with and without handles in one run: its gateway is started with
 * `BENCH_WITHOUT_HANDLES=1` for the second half (a bench-only variable, not a deployment setting).
 */
function withoutHandles(env: Env): boolean {
  return (env as unknown as Record<string, unknown>).BENCH_WITHOUT_HANDLES === '1';
}

/** Full ids out, nothing to look up: what a call costs without handles. */
const PASS_THROUGH: ToolHandles = {
  show: (_kind, id) => id,
  resolve: async () => new Map(),
};
