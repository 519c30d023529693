/** Rejection marker of {@link withTimeout} when the time ran out (the caller's abort rejects with its own reason). */
export const TIMED_OUT: unique symbol = Symbol();

/** `promise`, or the signal's reason as soon as the signal aborts, whichever comes first. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  return signal
    ? new Promise<T>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        signal.addEventListener("abort", onAbort);
        promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      })
    : promise;
}

/**
 * Runs `fn` with a signal that aborts after `timeoutMs` (unless 0) or when
 * `caller` aborts. Rejects with {@link TIMED_OUT} on timeout and with the
 * caller's reason on the caller's abort, even if `fn` ignores its signal.
 */
export function withTimeout<T>(timeoutMs: number, caller: AbortSignal | null, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (caller?.aborted) return Promise.reject(caller.reason);
  const controller = new AbortController();
  const { signal } = controller;
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(TIMED_OUT), timeoutMs) : undefined;
  const onAbort = () => controller.abort(caller?.reason);
  caller?.addEventListener("abort", onAbort);
  return abortable(fn(signal), signal).finally(() => {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onAbort);
  });
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export const sleep = (ms: number, signal: AbortSignal | null): Promise<unknown> =>
  withTimeout(ms, signal, () => new Promise(() => {})).catch((error: unknown) => {
    if (error !== TIMED_OUT) throw error;
  });
