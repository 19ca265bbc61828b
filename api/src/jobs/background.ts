// A background job: one step at a time, each choosing how long to wait before the next, until stopped.

/**
 * Runs `step` now and again after each wait it returns; a step that throws is reported and retried after
 * `retryMs`. Returns the stop function.
 */
export function runInBackground(name: string, step: () => Promise<number>, retryMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const run = async () => {
    let wait = retryMs;
    try {
      wait = await step();
    } catch (error) {
      console.error(`${name} failed; trying again.`, error);
    }
    if (!stopped) timer = setTimeout(run, wait);
  };
  timer = setTimeout(run, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 60 * 60_000;

/** The wait before retry number `attempts` of a failed delivery: 1 s, 2 s, 4 s … up to an hour. */
export const retryDelayMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LAST_RETRY_MS);
