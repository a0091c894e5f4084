/**
 * Runs a command-line entry point: its result is the exit code; a failure prints its message
 * (never a stack: operators read these) and exits 1.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
