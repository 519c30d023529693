/** Rejection marker of {@link withTimeout} when the time ran out (the caller's abort rejects with its own reason). */
export const TIMED_OUT: unique symbol = Symbol();

/** `promise`, or the signal's reason as soon as the signal aborts, whichever comes first. */
export function abortable<T>(promise: Promise<T>, signal?: AbortSignal | null): Promise<T> {
  return signal ? withTimeout(0, signal, () => promise) : promise;
}

/**
 * Runs `fn` with a signal that aborts after `timeoutMs` (unless 0) or when
 * `caller` aborts. Rejects with {@link TIMED_OUT} on timeout and with the
 * caller's reason on the caller's abort, even if `fn` ignores its signal.
 */
export function withTimeout<T>(timeoutMs: number, caller: AbortSignal | null, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    const settle = (ok: boolean, value: unknown) => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
      if (ok) resolve(value as T);
      else {
        controller.abort(value); // stops what `fn` started (a fetch) when the time ran out or the caller gave up
        reject(value);
      }
    };
    const onAbort = () => settle(false, caller?.reason);
    const timer = timeoutMs > 0 ? setTimeout(settle, timeoutMs, false, TIMED_OUT) : undefined;
    if (caller?.aborted) return onAbort();
    caller?.addEventListener("abort", onAbort);
    fn(controller.signal).then(
      (value) => settle(true, value),
      (error: unknown) => settle(false, error),
    );
  });
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export const sleep = (ms: number, signal: AbortSignal | null): Promise<unknown> =>
  withTimeout(ms, signal, () => new Promise(() => {})).catch((error: unknown) => {
    if (error !== TIMED_OUT) throw error;
  });
