// How every bench script ends: run `main`, exit 0 when it is done (open handles of the servers it
// started do not keep it alive), 1 with the error printed when it fails, and 2 when it outlives
// its time limit — a bench stops by itself.
export function runBench(name: string, limitMinutes: number, main: () => Promise<void>): void {
  const watchdog = setTimeout(() => {
    console.error(`${name} took too long; stopping`);
    process.exit(2);
  }, limitMinutes * 60_000);
  watchdog.unref();
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
