/**
 * The part of `node:async_hooks` (nodejs_compat in workerd) the request scope uses. The Node
 * type-check uses @types/node's full declaration instead.
 */
declare module 'node:async_hooks' {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, callback: () => R): R;
    getStore(): T | undefined;
  }
}
