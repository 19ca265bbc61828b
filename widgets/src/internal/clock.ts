// The widgets' clock: one seam, so that tests pin "now" instead of reading the wall clock.
let current: () => number = () => Date.now();

/** The current time in milliseconds. */
export const now = (): number => current();

/** Replaces the clock (for tests); returns the function that puts the real one back. */
export function pinClock(clock: () => number): () => void {
  current = clock;
  return () => {
    current = () => Date.now();
  };
}
