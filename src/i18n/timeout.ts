/**
 * The value of `ask()`, or undefined when it fails or takes longer than `ms` (a platform lookup,
 * such as LINE's profile language, must never hold up or break an answer).
 */
export async function withTimeout<T>(ask: () => Promise<T | undefined>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      ask().catch(() => undefined),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
        timer.unref?.();
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
