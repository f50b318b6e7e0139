/** A progress line at most every `seconds` (the first call waits that long too): long loops say they are alive without flooding. */
export function everySeconds(seconds: number, say: ((message: string) => void) | undefined): (message: () => string) => void {
  let next = performance.now() + seconds * 1000;
  return (message) => {
    if (!say) return;
    const now = performance.now();
    if (now < next) return;
    next = now + seconds * 1000;
    say(message());
  };
}
